import { featurize, type FeatureVector } from './features';
import { loadNeural, NeuralScorer, neuralLogit, quantiseNeural, trainNeural, type NeuralExample } from './neural';
import { TOY_CLAIMS, TOY_OTHERS } from '../../test/support/toy-claims';

const OPTIONS = { sentCharScale: 1, sentCharMin: 3, sentCharMax: 5, attribution: true };
const SHAPE = { bits: 12, dim: 4, hidden: 4 };
const TRAIN = { ...SHAPE, epochs: 6, learningRate: 0.05, pairwise: 1, negativesPerPositive: 4, seed: 1 };

const claims = TOY_CLAIMS;
const others = TOY_OTHERS;

function toy(): { vectors: FeatureVector[]; examples: NeuralExample[] } {
  const texts = [...claims, ...others];
  const vectors = texts.map((t) => featurize(t, 'en', SHAPE.bits, OPTIONS));
  const examples = texts.map((_, i): NeuralExample => ({
    self: i,
    before: i > 0 ? i - 1 : -1,
    after: -1,
    y: i < claims.length ? 1 : 0,
    weight: 1,
    group: 'toy',
    claimBuster: 0,
  }));
  return { vectors, examples };
}

describe('neural check-worthiness model', () => {
  it('trains deterministically and ranks its training claims first', () => {
    const { vectors, examples } = toy();
    const a = trainNeural(vectors, examples, TRAIN);
    const b = trainNeural(vectors, examples, TRAIN);
    expect(Array.from(a.emb)).toEqual(Array.from(b.emb));
    expect(Array.from(a.w1)).toEqual(Array.from(b.w1));
    const z = examples.map((e) => neuralLogit(a, vectors[e.self], e.before >= 0 ? vectors[e.before] : null, null));
    const lowestClaim = Math.min(...z.slice(0, claims.length));
    const highestOther = Math.max(...z.slice(claims.length));
    expect(lowestClaim).toBeGreaterThan(highestOther);
  });

  it('survives int8 quantisation (scores within a small tolerance) and scores through NeuralScorer with context', () => {
    const { vectors, examples } = toy();
    const m = trainNeural(vectors, examples, TRAIN);
    const stored = quantiseNeural(m, OPTIONS);
    const loaded = loadNeural(JSON.parse(JSON.stringify(stored)));
    const scorer = new NeuralScorer(loaded, OPTIONS);
    for (let i = 1; i < claims.length + others.length; i++) {
      const text = [...claims, ...others][i];
      const before = [...claims, ...others][i - 1];
      const exact = neuralLogit(m, vectors[i], vectors[i - 1], null);
      expect(Math.abs(scorer.logit(text, { before }) - exact)).toBeLessThan(0.05 * (1 + Math.abs(exact)));
    }
    expect(scorer.logit(claims[1], { before: claims[0] })).not.toBe(scorer.logit(claims[1]));
  });
});
