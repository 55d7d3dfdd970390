import { featurize } from './features';
import { linearScore, trainRanker, type RankerOptions, type RankingExample } from './ranker';
import { TOY_CLAIMS, TOY_OTHERS } from '../../test/support/toy-claims';

const BITS = 12;
const claims = TOY_CLAIMS;
const others = TOY_OTHERS;
const examples: RankingExample[] = [...claims, ...others].map((text, i) => ({
  x: featurize(text, 'en', BITS),
  y: i < claims.length ? 1 : 0,
  weight: 1,
  group: 'toy',
}));
const OPTIONS: RankerOptions = { dim: 1 << BITS, epochs: 6, learningRate: 0.05, l2: 1e-6, pairwise: 1, negativesPerPositive: 4, seed: 7 };

describe('pairwise linear ranker', () => {
  it.each([1, 3])('trains deterministically and ranks its training claims first (%i negative draws)', (hardNegativeDraws) => {
    const a = trainRanker(examples, { ...OPTIONS, hardNegativeDraws });
    const b = trainRanker(examples, { ...OPTIONS, hardNegativeDraws });
    expect(Array.from(a.w)).toEqual(Array.from(b.w));
    const z = examples.map((e) => linearScore(a, e.x));
    expect(Math.min(...z.slice(0, claims.length))).toBeGreaterThan(Math.max(...z.slice(claims.length)));
  });

  it('draws different pairs when negatives are hard ones', () => {
    const uniform = trainRanker(examples, OPTIONS);
    const hard = trainRanker(examples, { ...OPTIONS, hardNegativeDraws: 3 });
    expect(Array.from(hard.w)).not.toEqual(Array.from(uniform.w));
  });

  it.each(['softmax', 'lambda'] as const)(
    'trains deterministically with the %s listwise loss and ranks its training claims first',
    (listwise) => {
      const a = trainRanker(examples, { ...OPTIONS, listwise });
      const b = trainRanker(examples, { ...OPTIONS, listwise });
      expect(Array.from(a.w)).toEqual(Array.from(b.w));
      expect(Array.from(a.w)).not.toEqual(Array.from(trainRanker(examples, OPTIONS).w));
      const z = examples.map((e) => linearScore(a, e.x));
      expect(Math.min(...z.slice(0, claims.length))).toBeGreaterThan(Math.max(...z.slice(claims.length)));
    },
  );
});
