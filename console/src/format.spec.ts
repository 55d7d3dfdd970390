import { age, countdown, looksLikeHtml, safeHref } from './format';

describe('console formatters', () => {
  it('counts down in minutes and seconds, never below zero', () => {
    expect(countdown(247_000)).toBe('4:07');
    expect(countdown(999)).toBe('0:01');
    expect(countdown(-5000)).toBe('0:00');
  });

  it('says how old a task is', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(age('2026-01-01T11:59:30Z', now)).toBe('30 s');
    expect(age('2026-01-01T11:55:00Z', now)).toBe('5 min');
    expect(age('2026-01-01T09:00:00Z', now)).toBe('3 h');
    expect(age('2025-12-30T12:00:00Z', now)).toBe('2 d');
  });

  it('links only absolute http(s) URLs', () => {
    expect(safeHref('https://factcheck.example/a?b=1')).toBe('https://factcheck.example/a?b=1');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(safeHref('/relative')).toBeNull();
    expect(safeHref(null)).toBeNull();
  });

  it('tells pasted HTML from text', () => {
    expect(looksLikeHtml('<p>Inflation rose.</p>')).toBe(true);
    expect(looksLikeHtml('Inflation rose 5% < 7% in 2022.')).toBe(false);
  });
});
