/**
 * A small neural check-worthiness scorer, trained here from the shared data (no downloaded weights):
 * fastText-style sentence embeddings (the weighted sum of learned embeddings of the sentence's hashed
 * features: word uni/bigrams, character n-grams, lexicon groups and surface features, as in
 * `features.ts`), the same embedding of the previous and the next sentence, and one ReLU hidden layer:
 *
 *   e(s) = Σ_k val_k · E[idx_k]          (D dims; E has 2^bits rows)
 *   h    = relu(W · [e(s); e(before); e(after); hasBefore; hasAfter; claimBuster] + b)   (H units)
 *   z    = v · h + c
 *
 * Training (`trainNeural`): AdaGrad SGD on a pairwise logistic (RankNet) loss between a check-worthy
 * and a non-check-worthy sentence of the same group (a transcript, or ClaimBuster), plus an optional
 * pointwise logistic share, each example weighted by its source. Float32Array math, a seeded
 * generator for the initialisation, the example order and the pairs: two runs give the same weights.
 * Stored quantised (int8 embeddings with one scale per row, base64) so the file stays small.
 */
import { featurize, type EnglishFeatureOptions, type FeatureVector, type SentenceContext } from './features';
import { drawPairs, seededRandom, seededShuffle } from './ranker';

export interface NeuralShape {
  /** log2 of the number of embedding rows (hash buckets). */
  bits: number;
  /** Embedding width. */
  dim: number;
  /** Hidden units. */
  hidden: number;
}

export interface NeuralWeights extends NeuralShape {
  /** Embeddings, row-major (2^bits × dim). */
  emb: Float32Array;
  /** Hidden layer, row-major (hidden × inputs), inputs = 3·dim + 3. */
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: number;
}

/** One sentence's sparse features plus the indices of its neighbours (-1 = none). */
export interface NeuralExample {
  /** Index into the sentence list of this example's own features. */
  self: number;
  before: number;
  after: number;
  y: 0 | 1;
  weight: number;
  group: string;
  /** Source indicator (1 for ClaimBuster: a different prior; 0 when scoring). */
  claimBuster: 0 | 1;
}

export interface NeuralTrainOptions extends NeuralShape {
  epochs: number;
  learningRate: number;
  /** 0 = pointwise only, 1 = pairwise only. */
  pairwise: number;
  negativesPerPositive: number;
  seed: number;
}

export const inputsOf = (s: NeuralShape): number => 3 * s.dim + 3;

/** Zero embeddings (rows never seen in training stay zero), small random hidden layer. */
export function initNeural(shape: NeuralShape, seed: number): NeuralWeights {
  const rnd = seededRandom(seed);
  const inputs = inputsOf(shape);
  const w1 = new Float32Array(shape.hidden * inputs);
  const a = Math.sqrt(6 / (inputs + shape.hidden));
  for (let i = 0; i < w1.length; i++) w1[i] = (rnd() * 2 - 1) * a;
  const w2 = new Float32Array(shape.hidden);
  for (let i = 0; i < w2.length; i++) w2[i] = (rnd() * 2 - 1) * Math.sqrt(6 / (shape.hidden + 1));
  return {
    ...shape,
    emb: new Float32Array((1 << shape.bits) * shape.dim),
    w1,
    b1: new Float32Array(shape.hidden).fill(0.1),
    w2,
    b2: 0,
  };
}

/** out[offset..offset+dim) = Σ val_k · E[idx_k]. */
function embedInto(m: NeuralShape & { emb: Float32Array }, x: FeatureVector | null, out: Float32Array, offset: number): void {
  const d = m.dim;
  for (let j = 0; j < d; j++) out[offset + j] = 0;
  if (!x) return;
  const mask = (1 << m.bits) - 1;
  for (let i = 0; i < x.idx.length; i++) {
    const row = (x.idx[i] & mask) * d;
    const v = x.val[i];
    for (let j = 0; j < d; j++) out[offset + j] += m.emb[row + j] * v;
  }
}

/** z from a filled input vector; `pre` (hidden pre-activations) is written when given. */
function forward(m: NeuralWeights, input: Float32Array, pre: Float32Array): number {
  const n = input.length;
  let z = m.b2;
  for (let h = 0; h < m.hidden; h++) {
    let a = m.b1[h];
    const row = h * n;
    for (let i = 0; i < n; i++) a += m.w1[row + i] * input[i];
    pre[h] = a;
    if (a > 0) z += m.w2[h] * a;
  }
  return z;
}

/** Raw score (logit) of one sentence given its own and its neighbours' feature vectors. */
export function neuralLogit(
  m: NeuralWeights,
  self: FeatureVector,
  before: FeatureVector | null,
  after: FeatureVector | null,
  claimBuster = 0,
): number {
  const input = new Float32Array(inputsOf(m));
  embedInto(m, self, input, 0);
  embedInto(m, before, input, m.dim);
  embedInto(m, after, input, 2 * m.dim);
  input[3 * m.dim] = before ? 1 : 0;
  input[3 * m.dim + 1] = after ? 1 : 0;
  input[3 * m.dim + 2] = claimBuster;
  return forward(m, input, new Float32Array(m.hidden));
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Train on examples whose features are `vectors[example.self]` (and the neighbours'). */
export function trainNeural(vectors: FeatureVector[], examples: NeuralExample[], o: NeuralTrainOptions): NeuralWeights {
  const m = initNeural(o, o.seed);
  const rnd = seededRandom(o.seed ^ 0x9e3779b9);
  const d = o.dim;
  const n = inputsOf(o);
  const H = o.hidden;
  const mask = (1 << o.bits) - 1;
  const gEmb = new Float32Array(m.emb.length).fill(1e-8);
  const gW1 = new Float32Array(m.w1.length).fill(1e-8);
  const gB1 = new Float32Array(H).fill(1e-8);
  const gW2 = new Float32Array(H).fill(1e-8);
  let gB2 = 1e-8;
  const lr = o.learningRate;

  interface State {
    input: Float32Array;
    pre: Float32Array;
    z: number;
  }
  const state = (): State => ({ input: new Float32Array(n), pre: new Float32Array(H), z: 0 });
  const sA = state();
  const sB = state();
  const dh = new Float32Array(H);
  const din = new Float32Array(n);

  const run = (e: NeuralExample, s: State): number => {
    embedInto(m, vectors[e.self], s.input, 0);
    embedInto(m, e.before >= 0 ? vectors[e.before] : null, s.input, d);
    embedInto(m, e.after >= 0 ? vectors[e.after] : null, s.input, 2 * d);
    s.input[3 * d] = e.before >= 0 ? 1 : 0;
    s.input[3 * d + 1] = e.after >= 0 ? 1 : 0;
    s.input[3 * d + 2] = e.claimBuster;
    s.z = forward(m, s.input, s.pre);
    return s.z;
  };

  const updateEmb = (x: FeatureVector, offset: number): void => {
    for (let i = 0; i < x.idx.length; i++) {
      const row = (x.idx[i] & mask) * d;
      const v = x.val[i];
      for (let j = 0; j < d; j++) {
        const g = din[offset + j] * v;
        if (g === 0) continue;
        const k = row + j;
        gEmb[k] += g * g;
        m.emb[k] -= (lr * g) / Math.sqrt(gEmb[k]);
      }
    }
  };

  /** Backpropagate dL/dz = g through the state of example e, updating every weight it used. */
  const backward = (e: NeuralExample, s: State, g: number): void => {
    for (let h = 0; h < H; h++) dh[h] = s.pre[h] > 0 ? g * m.w2[h] : 0;
    din.fill(0);
    for (let h = 0; h < H; h++) {
      if (s.pre[h] > 0) {
        const gw2 = g * s.pre[h];
        gW2[h] += gw2 * gw2;
        m.w2[h] -= (lr * gw2) / Math.sqrt(gW2[h]);
      }
      const gh = dh[h];
      if (gh === 0) continue;
      const row = h * n;
      for (let i = 0; i < n; i++) {
        din[i] += m.w1[row + i] * gh;
        const gw = gh * s.input[i];
        if (gw === 0) continue;
        gW1[row + i] += gw * gw;
        m.w1[row + i] -= (lr * gw) / Math.sqrt(gW1[row + i]);
      }
      gB1[h] += gh * gh;
      m.b1[h] -= (lr * gh) / Math.sqrt(gB1[h]);
    }
    updateEmb(vectors[e.self], 0);
    if (e.before >= 0) updateEmb(vectors[e.before], d);
    if (e.after >= 0) updateEmb(vectors[e.after], 2 * d);
  };

  const groups = new Map<string, { pos: number[]; neg: number[] }>();
  examples.forEach((e, i) => {
    let grp = groups.get(e.group);
    if (!grp) groups.set(e.group, (grp = { pos: [], neg: [] }));
    (e.y === 1 ? grp.pos : grp.neg).push(i);
  });
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    if (o.pairwise < 1) {
      seededShuffle(order, rnd);
      for (const i of order) {
        const e = examples[i];
        const g = (1 - o.pairwise) * e.weight * (sigmoid(run(e, sA)) - e.y);
        backward(e, sA, g);
        gB2 += g * g;
        m.b2 -= (lr * g) / Math.sqrt(gB2);
      }
    }
    if (o.pairwise > 0) {
      for (const [p, q] of drawPairs(groups.values(), o.negativesPerPositive, rnd)) {
        const ep = examples[p];
        const eq = examples[q];
        const margin = run(ep, sA) - run(eq, sB);
        const g = o.pairwise * ep.weight * (sigmoid(margin) - 1);
        backward(ep, sA, g);
        backward(eq, sB, -g);
      }
    }
  }
  return m;
}

// ---- storage: int8 embeddings with a scale per row ---------------------------------------------

export interface StoredNeural extends NeuralShape {
  /** Feature options of the sentence vectors (features.ts, 'en' mode). */
  options: EnglishFeatureOptions;
  /** base64 of the int8 embeddings (row-major). */
  emb: string;
  /** base64 of the float32 scale of each row (value = int8 · scale). */
  embScale: string;
  w1: number[];
  b1: number[];
  w2: number[];
  b2: number;
}

const toBase64 = (a: Int8Array | Float32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

export function quantiseNeural(m: NeuralWeights, options: EnglishFeatureOptions): StoredNeural {
  const rows = 1 << m.bits;
  const q = new Int8Array(m.emb.length);
  const scale = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let j = 0; j < m.dim; j++) max = Math.max(max, Math.abs(m.emb[r * m.dim + j]));
    if (max === 0) continue;
    scale[r] = max / 127;
    for (let j = 0; j < m.dim; j++) q[r * m.dim + j] = Math.round(m.emb[r * m.dim + j] / scale[r]);
  }
  const round = (a: Float32Array): number[] => Array.from(a, (v) => Number(v.toPrecision(6)));
  return {
    bits: m.bits,
    dim: m.dim,
    hidden: m.hidden,
    options,
    emb: toBase64(q),
    embScale: toBase64(scale),
    w1: round(m.w1),
    b1: round(m.b1),
    w2: round(m.w2),
    b2: Number(m.b2.toPrecision(6)),
  };
}

export function loadNeural(s: StoredNeural): NeuralWeights {
  const rows = 1 << s.bits;
  const qBuf = Buffer.from(s.emb, 'base64');
  const sBuf = Buffer.from(s.embScale, 'base64');
  const q = new Int8Array(qBuf.buffer, qBuf.byteOffset, qBuf.byteLength);
  const scale = new Float32Array(sBuf.buffer.slice(sBuf.byteOffset, sBuf.byteOffset + sBuf.byteLength));
  if (q.length !== rows * s.dim || scale.length !== rows) throw new Error('neural check-worthiness weights: bad embedding size');
  const emb = new Float32Array(q.length);
  for (let r = 0; r < rows; r++) for (let j = 0; j < s.dim; j++) emb[r * s.dim + j] = q[r * s.dim + j] * scale[r];
  return {
    bits: s.bits,
    dim: s.dim,
    hidden: s.hidden,
    emb,
    w1: Float32Array.from(s.w1),
    b1: Float32Array.from(s.b1),
    w2: Float32Array.from(s.w2),
    b2: s.b2,
  };
}

/**
 * Scores sentences with a loaded model; the last few sentences' feature vectors are kept, so that
 * scoring a document in order featurizes each sentence once although it is also its neighbours' context.
 */
export class NeuralScorer {
  private readonly recent = new Map<string, FeatureVector>();
  constructor(
    readonly model: NeuralWeights,
    readonly options: EnglishFeatureOptions,
  ) {}

  private vector(sentence: string): FeatureVector {
    let x = this.recent.get(sentence);
    if (!x) {
      x = featurize(sentence, 'en', this.model.bits, this.options);
      if (this.recent.size >= 4) this.recent.delete(this.recent.keys().next().value!);
      this.recent.set(sentence, x);
    }
    return x;
  }

  logit(sentence: string, context: SentenceContext = {}): number {
    return neuralLogit(
      this.model,
      this.vector(sentence),
      context.before ? this.vector(context.before) : null,
      context.after ? this.vector(context.after) : null,
    );
  }
}
