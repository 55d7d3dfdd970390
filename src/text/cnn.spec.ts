import { cnnLogit, cnnPairwiseLoss, cnnSentence, MAX_CNN_TOKENS, trainCnn, type CnnSentence } from './cnn';
import type { NeuralExample } from './neural';
import { TOY_CLAIMS, TOY_OTHERS } from '../../test/support/toy-claims';

const SHAPE = { bits: 12, dim: 8, filters: 4, widths: [2, 3, 4] };
const TRAIN = { ...SHAPE, epochs: 8, learningRate: 0.05, negativesPerPositive: 4, seed: 1 };

function toy(): { sentences: CnnSentence[]; examples: NeuralExample[] } {
  const texts = [...TOY_CLAIMS, ...TOY_OTHERS];
  const sentences = texts.map((t) => cnnSentence(t, SHAPE.bits));
  const examples = texts.map((_, i): NeuralExample => ({
    self: i,
    before: i > 0 ? i - 1 : -1,
    after: i + 1 < texts.length ? i + 1 : -1,
    y: i < TOY_CLAIMS.length ? 1 : 0,
    weight: 1,
    group: 'toy',
    claimBuster: 0,
  }));
  return { sentences, examples };
}

describe('CNN check-worthiness model', () => {
  it('trains twice to identical weights', () => {
    const { sentences, examples } = toy();
    const a = trainCnn(sentences, examples, TRAIN);
    const b = trainCnn(sentences, examples, TRAIN);
    expect(Array.from(a.emb)).toEqual(Array.from(b.emb));
    a.conv.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(b.conv[i])));
    expect(Array.from(a.out)).toEqual(Array.from(b.out));
    expect(a.outBias).toBe(b.outBias);
  });

  it('lowers the pairwise loss and ranks its training claims first', () => {
    const { sentences, examples } = toy();
    const before = cnnPairwiseLoss(trainCnn(sentences, examples, { ...TRAIN, epochs: 0 }), sentences, examples);
    const m = trainCnn(sentences, examples, TRAIN);
    expect(cnnPairwiseLoss(m, sentences, examples)).toBeLessThan(0.5 * before);
    const at = (i: number): CnnSentence | null => (i >= 0 ? sentences[i] : null);
    const z = examples.map((e) => cnnLogit(m, sentences[e.self], at(e.before), at(e.after)));
    expect(Math.min(...z.slice(0, TOY_CLAIMS.length))).toBeGreaterThan(Math.max(...z.slice(TOY_CLAIMS.length)));
  });

  it('tokenises into hashed rows within the table and caps the tokens', () => {
    const s = cnnSentence('Taxes rose by 20 percent.', 10);
    expect(s.starts.length - 1).toBe(5);
    expect(Array.from(s.rows).every((r) => r >= 0 && r < 1 << 10)).toBe(true);
    expect(cnnSentence('word '.repeat(500), 10).starts.length - 1).toBe(MAX_CNN_TOKENS);
  });
});
