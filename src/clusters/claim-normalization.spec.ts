import { clusterKey, normalizeClaimText } from './claim-normalization';
import { fingerprint, isNearDuplicate, nearDuplicateGuard, nearDuplicateLengths, nearDuplicateScore } from './near-duplicate';

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

describe('isNearDuplicate (conservative)', () => {
  const same = (a: string, b: string) => isNearDuplicate(fingerprint(a), fingerprint(b));

  it('joins identical claims and copies that differ by a word or an edit', () => {
    expect(same('Unemployment doubled in 2023.', 'UNEMPLOYMENT DOUBLED IN 2023')).toBe(true);
    expect(
      same(
        'The minister said unemployment in Ohio doubled between 2021 and 2023.',
        'The minister said that unemployment in Ohio doubled between 2021 and 2023.',
      ),
    ).toBe(true);
    expect(
      same(
        'Unemployment in Ohio has doubled since 2021, official figures show.',
        'Unemployment in Ohio has doubled since 2021, official figures showed.',
      ),
    ).toBe(true);
  });

  it('never joins claims with different numbers, entities or negation', () => {
    expect(same('Unemployment in Ohio doubled between 2021 and 2023.', 'Unemployment in Ohio doubled between 2021 and 2024.')).toBe(false);
    expect(same('Inflation reached 7.5% in the eurozone last year.', 'Inflation reached 8.5% in the eurozone last year.')).toBe(false);
    expect(same('Unemployment in Ohio doubled between 2021 and 2023.', 'Unemployment in Texas doubled between 2021 and 2023.')).toBe(false);
    expect(same('The vaccine was tested on children before approval.', 'The vaccine was not tested on children before approval.')).toBe(
      false,
    );
    expect(same('The vaccine was tested on children before approval.', "The vaccine wasn't tested on children before approval.")).toBe(
      false,
    );
  });

  it('leaves paraphrases and merely related claims apart', () => {
    expect(same('Unemployment doubled in 2023.', 'In 2023 the number of jobless people went up twofold.')).toBe(false);
    expect(same('Crime in the city fell by a third last year.', 'Crime in the city rose sharply in the last decade.')).toBe(false);
  });

  it('reports the parts of its decision', () => {
    const score = nearDuplicateScore(fingerprint('Crime fell in Paris.'), fingerprint('Crime fell in Paris last year.'));
    expect(score.sameEntities).toBe(true);
    expect(score.wordJaccard).toBeCloseTo(4 / 6);
  });
});

describe('nearDuplicateGuard (the indexed lookup key of candidates)', () => {
  it('is equal for any two near-duplicates, so the btree lookup never misses one', () => {
    const a = fingerprint('The minister said fuel prices in Kenya rose by 18% since January.');
    const b = fingerprint('The minister said that fuel prices in Kenya rose by 18% since January.');
    expect(isNearDuplicate(a, b)).toBe(true);
    expect(nearDuplicateGuard(a)).toBe(nearDuplicateGuard(b));
    const { min, max } = nearDuplicateLengths(a);
    expect(b.normalized.length).toBeGreaterThanOrEqual(min);
    expect(b.normalized.length).toBeLessThanOrEqual(max);
  });

  it('differs when numbers, entities or negations differ, and is null for claims with neither number nor entity', () => {
    const base = nearDuplicateGuard(fingerprint('Fuel prices in Kenya rose by 18%.'));
    expect(nearDuplicateGuard(fingerprint('Fuel prices in Kenya rose by 28%.'))).not.toBe(base);
    expect(nearDuplicateGuard(fingerprint('Fuel prices in Uganda rose by 18%.'))).not.toBe(base);
    expect(nearDuplicateGuard(fingerprint('Fuel prices in Kenya did not rise by 18%.'))).not.toBe(base);
    expect(nearDuplicateGuard(fingerprint('taxes went up a lot this year.'))).toBeNull();
  });
});
