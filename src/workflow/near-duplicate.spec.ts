import pairs from './fixtures/near-duplicate-pairs.json';
import {
  fingerprint,
  isNearDuplicate,
  NEAR_DUPLICATE,
  nearDuplicateGuard,
  nearDuplicateLengths,
  nearDuplicateScore,
} from './near-duplicate';

const same = (a: string, b: string) => isNearDuplicate(fingerprint(a, 'en'), fingerprint(b, 'en'));

describe('isNearDuplicate (the shared matcher under conservative guards)', () => {
  it.each(pairs.nearDuplicates)('joins copies that differ by case, a function word, an inflection, a typo or word order: %s', (a, b) => {
    expect(same(a, b)).toBe(true);
    expect(same(b, a)).toBe(true);
  });

  it.each(pairs.different)('never joins claims that differ: %s / %s (%s)', (a, b) => {
    expect(same(a, b)).toBe(false);
    expect(same(b, a)).toBe(false);
  });

  it('reports the parts of its decision, the similarity coming from src/text/matching', () => {
    const score = nearDuplicateScore(fingerprint('Crime fell in Paris.', 'en'), fingerprint('Crime fell in Paris last year.', 'en'));
    expect(score.sameEntities).toBe(true);
    expect(score.termJaccard).toBeCloseTo(3 / 5); // crime fell pari | + last year
    expect(score.unmatchedTerms).toBe(2);
    expect(score.charNgrams).toBeGreaterThan(0.6);
    expect(score.charNgrams).toBeLessThan(NEAR_DUPLICATE.minCharNgrams);
    const identical = nearDuplicateScore(fingerprint('Crime fell in Paris.', 'en'), fingerprint('Crime fell in Paris.', 'en'));
    expect(identical).toMatchObject({ charNgrams: 1, termJaccard: 1, unmatchedTerms: 0, opposites: false });
  });

  it('takes a one-letter typo for the word but not a short word for another ("bill" / "kill")', () => {
    expect(same('Senator Smith said the bill passed in 2021.', 'Senator Smith said the kill passed in 2021.')).toBe(false);
    expect(
      same(
        'Senator Smith said the infrastructure legislation passed the chamber in 2021 by a wide margin.',
        'Senator Smith said the infrastructure legislaiton passed the chamber in 2021 by a wide margin.',
      ),
    ).toBe(true);
  });
});

describe('nearDuplicateGuard (the indexed lookup key of candidates)', () => {
  it('is equal for any two near-duplicates not already identical (those meet by key), so the btree lookup never misses one', () => {
    for (const [first, second] of pairs.nearDuplicates) {
      const [a, b] = [fingerprint(first, 'en'), fingerprint(second, 'en')];
      if (a.normalized === b.normalized) continue;
      expect(nearDuplicateGuard(a)).toBe(nearDuplicateGuard(b));
      const { min, max } = nearDuplicateLengths(a);
      expect(b.normalized.length).toBeGreaterThanOrEqual(min);
      expect(b.normalized.length).toBeLessThanOrEqual(max);
    }
  });

  it('differs when numbers, entities or negations differ, and is null for claims with neither number nor entity', () => {
    const base = nearDuplicateGuard(fingerprint('Fuel prices in Kenya rose by 18%.', 'en'));
    expect(nearDuplicateGuard(fingerprint('Fuel prices in Kenya rose by 28%.', 'en'))).not.toBe(base);
    expect(nearDuplicateGuard(fingerprint('Fuel prices in Uganda rose by 18%.', 'en'))).not.toBe(base);
    expect(nearDuplicateGuard(fingerprint('Fuel prices in Kenya did not rise by 18%.', 'en'))).not.toBe(base);
    expect(nearDuplicateGuard(fingerprint('taxes went up a lot this year.', 'en'))).toBeNull();
  });

  it('is the hash stored in cluster_keys before this rule (unchanged: stored guards stay valid)', () => {
    expect(nearDuplicateGuard(fingerprint('The minister said fuel prices in Kenya rose by 18% since January.', 'en'))).toBe(
      nearDuplicateGuard(fingerprint('The minister said that fuel prices in Kenya rose by 18% since January.', null)),
    );
  });
});
