import pairs from './fixtures/near-duplicate-pairs.json';
import { normalizeClaimText } from './claim-normalization';
import {
  closestNearDuplicate,
  fingerprint,
  guardFields,
  isNearDuplicate,
  NEAR_DUPLICATE,
  nearDuplicateGuard,
  nearDuplicateLengths,
  nearDuplicateScore,
  passes,
} from './near-duplicate';
import { NearDuplicateMatcher } from './near-duplicate-matcher';

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

describe('guardFields (the lookup key without stemming or n-grams)', () => {
  it('gives the guard and length the full fingerprint gives', () => {
    for (const text of [...pairs.nearDuplicates.flat(), ...pairs.different.flatMap(([a, b]) => [a, b])]) {
      const full = fingerprint(text, 'en');
      const cheap = guardFields(text);
      expect(nearDuplicateGuard(cheap)).toBe(nearDuplicateGuard(full));
      expect(cheap.normalized).toBe(full.normalized);
    }
  });
});

const query = (text: string, candidates: string[]) => ({
  text,
  language: 'en',
  normalized: normalizeClaimText(text),
  candidates: candidates.map((candidate) => ({ text: candidate, normalized: normalizeClaimText(candidate) })),
});

describe('closestNearDuplicate (which candidate a new claim joins)', () => {
  const claim = 'Senator Smith said the infrastructure legislation passed the chamber in 2021 by a wide margin.';
  const typo = 'Senator Smith said the infrastructure legislaiton passed the chamber in 2021 by a wide margin.';
  const closer = 'Senator Smith said that the infrastructure legislation passed the chamber in 2021 by a wide margin.';
  const other = 'Senator Smith said the infrastructure legislation failed the chamber in 2021 by a wide margin.';

  it('is -1 without candidates or when none passes the rule', () => {
    expect(closestNearDuplicate(query(claim, []))).toBe(-1);
    expect(closestNearDuplicate(query(claim, [other]))).toBe(-1);
  });

  it('picks, of the candidates the rule passes, the closest by character n-grams (the first of equals)', () => {
    const own = fingerprint(claim, 'en');
    const scores = [other, typo, closer].map((text) => nearDuplicateScore(own, fingerprint(text, 'en')));
    expect(scores.map((score) => passes(score))).toEqual([false, true, true]);
    const best = scores[1].charNgrams > scores[2].charNgrams ? 1 : 2;
    expect(closestNearDuplicate(query(claim, [other, typo, closer]))).toBe(best);
    expect(closestNearDuplicate(query(claim, [typo, typo]))).toBe(0);
  });
});

describe('NearDuplicateMatcher (where the scoring runs)', () => {
  const claim = 'Fuel prices in Kenya rose by 18% since January, the minister said.';
  const copy = 'The minister said fuel prices in Kenya rose by 18% since January.';

  it('answers in place without a runner, and -1 for queries without candidates', async () => {
    const matcher = new NearDuplicateMatcher();
    const queries = [query(claim, []), query(claim, [copy]), query(copy, ['Crime fell in Paris.'])];
    expect(await matcher.closest(queries)).toEqual(queries.map(closestNearDuplicate));
  });

  it('hands a registered runner only the queries with candidates and puts its answers back in place', async () => {
    const matcher = new NearDuplicateMatcher();
    const asked: string[][] = [];
    matcher.runOn(async (queries) => {
      asked.push(queries.map((item) => item.text));
      return queries.map(() => 0);
    });
    expect(await matcher.closest([query(claim, []), query(copy, [claim]), query(claim, [])])).toEqual([-1, 0, -1]);
    expect(await matcher.closest([query(claim, [])])).toEqual([-1]);
    expect(asked).toEqual([[copy]]);
  });
});
