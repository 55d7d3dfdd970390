import { segmentText } from './text-segments';

describe('segmentText', () => {
  it('cuts the text at the marks, keeping every character once', () => {
    const text = 'Prices rose 7%. The mayor resigned. Nothing else.';
    const segments = segmentText(text, [
      { start: 16, end: 35, value: 'b' },
      { start: 0, end: 15, value: 'a' },
    ]);
    expect(segments).toEqual([
      { text: 'Prices rose 7%.', mark: 'a' },
      { text: ' ', mark: null },
      { text: 'The mayor resigned.', mark: 'b' },
      { text: ' Nothing else.', mark: null },
    ]);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
  });

  it('clamps marks to the text and drops empty or fully overlapped ones', () => {
    const text = 'abcdef';
    const segments = segmentText(text, [
      { start: 2, end: 99, value: 1 },
      { start: 3, end: 4, value: 2 },
      { start: -4, end: 1, value: 3 },
    ]);
    expect(segments).toEqual([
      { text: 'a', mark: 3 },
      { text: 'b', mark: null },
      { text: 'cdef', mark: 1 },
    ]);
  });

  it('keeps markup in the text as characters', () => {
    const text = '<img src=x onerror=alert(1)> is text';
    expect(segmentText(text, [{ start: 0, end: 28, value: true }])[0].text).toBe('<img src=x onerror=alert(1)>');
  });
});
