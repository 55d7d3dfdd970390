import { clusterKey, normalizeClaimText } from './claim-normalization';

describe('normalizeClaimText', () => {
  it('ignores case, whitespace, punctuation and quotes', () => {
    const forms = [
      'Unemployment doubled in 2023.',
      '  unemployment   DOUBLED in 2023 ',
      '"Unemployment doubled in 2023!"',
      '“Unemployment doubled” in 2023…',
      "'Unemployment' — doubled, in 2023",
      'Unemployment\u00a0doubled\tin 2023?',
    ];
    expect(new Set(forms.map(normalizeClaimText))).toEqual(new Set(['unemployment doubled in 2023']));
    expect(new Set(forms.map((form) => clusterKey(normalizeClaimText(form)))).size).toBe(1);
  });

  it('keeps what changes a claim: numbers with their decimal marks, percent and currency, words', () => {
    expect(normalizeClaimText('Inflation rose to 7.5% in 2022.')).toBe('inflation rose to 7.5 % in 2022');
    expect(normalizeClaimText('Inflation rose to 75% in 2022.')).not.toBe(normalizeClaimText('Inflation rose to 7.5% in 2022.'));
    expect(normalizeClaimText('It cost $1,000.')).toBe('it cost $ 1,000');
    expect(normalizeClaimText('It cost €1,000.')).not.toBe(normalizeClaimText('It cost $1,000.'));
    expect(normalizeClaimText('Taxes rose.')).not.toBe(normalizeClaimText('Taxes fell.'));
  });

  it('folds compatibility forms (full-width digits, ligatures)', () => {
    expect(normalizeClaimText('Ｔhe ﬁgure is ２０')).toBe('the figure is 20');
  });

  it('gives a fixed-length key for any text', () => {
    expect(clusterKey(normalizeClaimText('x'.repeat(100_000)))).toMatch(/^[0-9a-f]{64}$/);
  });
});
