/**
 * A small convolutional check-worthiness scorer, trained here from the shared data (no downloaded
 * weights). A token is the mean of learned embeddings of its hashed word, its number shape and its
 * character 3-4-grams (fastText-style, 2^bits rows); 1-D convolutions of each width over the
 * sentence's tokens, ReLU and max-pooling over positions give the sentence vector p(s) (filters ×
 * widths). The previous and next sentences go through the same convolutions:
 *
 *   z = u · [p(s); p(before); p(after); hasBefore; hasAfter; claimBuster] + c
 *
 * Trained with the pairwise (RankNet) loss between a check-worthy and a non-check-worthy sentence of
 * the same group (a transcript, or ClaimBuster), AdaGrad, Float32Array math, seeded initialisation,
 * order and pair draws: two runs give the same weights.
 */
import type { NeuralExample } from './neural';
import { drawPairs, seededRandom } from './ranker';

export interface CnnShape {
  /** log2 of the number of embedding rows (hash buckets). */
  bits: number;
  /** Embedding width. */
  dim: number;
  /** Filters per convolution width. */
  filters: number;
  /** Convolution widths in tokens, e.g. [2, 3, 4]. */
  widths: number[];
}

export interface CnnWeights extends CnnShape {
  /** Embeddings, row-major (2^bits × dim). */
  emb: Float32Array;
  /** Per width w: filters × w × dim. */
  conv: Float32Array[];
  /** Per width: filters. */
  convBias: Float32Array[];
  /** Output weights over [p(s); p(before); p(after); hasBefore; hasAfter; claimBuster]. */
  out: Float32Array;
  outBias: number;
}

export interface CnnTrainOptions extends CnnShape {
  epochs: number;
  learningRate: number;
  negativesPerPositive: number;
  seed: number;
}

/** A tokenised sentence: token t's embedding rows are rows[starts[t] .. starts[t + 1]). */
export interface CnnSentence {
  rows: Int32Array;
  starts: Int32Array;
}

/** Longer sentences are cut: bounds the scoring cost of one sentence (no training line is that long). */
export const MAX_CNN_TOKENS = 80;

const TOKEN_RE = /\p{N}+(?:[.,:/]\p{N}+)*|[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|[%$€£¥₹₽₴]/gu;

function hash(seed: number, s: string): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
const SEED_WORD = 0x811c9dc5;
const SEED_SHAPE = 0x811c9dc5 ^ 0x100;
const SEED_CHAR = 0x811c9dc5 ^ 0x200;

export function cnnSentence(text: string, bits: number): CnnSentence {
  const mask = (1 << bits) - 1;
  const rows: number[] = [];
  const starts: number[] = [0];
  for (const match of text.toLowerCase().matchAll(TOKEN_RE)) {
    if (starts.length > MAX_CNN_TOKENS) break;
    const tok = match[0];
    rows.push(hash(SEED_WORD, tok) & mask);
    if (/^\p{N}/u.test(tok)) rows.push(hash(SEED_SHAPE, tok.replace(/\p{N}/gu, '0')) & mask);
    else if (tok.length >= 3) {
      const w = `<${tok}>`;
      for (let n = 3; n <= 4; n++) for (let i = 0; i + n <= w.length; i++) rows.push(hash(SEED_CHAR, w.slice(i, i + n)) & mask);
    }
    starts.push(rows.length);
  }
  return { rows: Int32Array.from(rows), starts: Int32Array.from(starts) };
}

const pooledSize = (s: CnnShape): number => s.filters * s.widths.length;
export const cnnInputs = (s: CnnShape): number => 3 * pooledSize(s) + 3;

export function initCnn(shape: CnnShape, seed: number): CnnWeights {
  const rnd = seededRandom(seed);
  const uniform = (n: number, a: number): Float32Array => Float32Array.from({ length: n }, () => (rnd() * 2 - 1) * a);
  return {
    ...shape,
    emb: uniform((1 << shape.bits) * shape.dim, 0.25),
    conv: shape.widths.map((w) => uniform(shape.filters * w * shape.dim, Math.sqrt(6 / (w * shape.dim + shape.filters)))),
    convBias: shape.widths.map(() => new Float32Array(shape.filters)),
    out: uniform(cnnInputs(shape), 0.1),
    outBias: 0,
  };
}

/** The forward state of one sentence slot (kept for the backward pass). */
interface Slot {
  sentence: CnnSentence | null;
  tokens: number;
  /** Token embeddings (MAX_CNN_TOKENS × dim). */
  x: Float32Array;
  /** Pooled (ReLU'd max) value and its position, per width × filter. */
  pooled: Float32Array;
  arg: Int32Array;
}

const newSlot = (m: CnnShape): Slot => ({
  sentence: null,
  tokens: 0,
  x: new Float32Array(MAX_CNN_TOKENS * m.dim),
  pooled: new Float32Array(pooledSize(m)),
  arg: new Int32Array(pooledSize(m)),
});

function encode(m: CnnWeights, s: CnnSentence | null, slot: Slot): void {
  const d = m.dim;
  const T = s ? s.starts.length - 1 : 0;
  slot.sentence = s;
  slot.tokens = T;
  slot.pooled.fill(0);
  if (!s || T === 0) return;
  const x = slot.x;
  for (let t = 0; t < T; t++) {
    const a = s.starts[t];
    const b = s.starts[t + 1];
    const inv = 1 / (b - a);
    for (let j = 0; j < d; j++) x[t * d + j] = 0;
    for (let k = a; k < b; k++) {
      const row = s.rows[k] * d;
      for (let j = 0; j < d; j++) x[t * d + j] += m.emb[row + j] * inv;
    }
  }
  const F = m.filters;
  m.widths.forEach((w, wi) => {
    const W = m.conv[wi];
    const positions = Math.max(1, T - w + 1);
    for (let f = 0; f < F; f++) {
      let best = -Infinity;
      let arg = 0;
      for (let p = 0; p < positions; p++) {
        let a = m.convBias[wi][f];
        const span = Math.min(w, T - p) * d;
        const base = f * w * d;
        const at = p * d;
        for (let i = 0; i < span; i++) a += W[base + i] * x[at + i];
        if (a > best) {
          best = a;
          arg = p;
        }
      }
      slot.pooled[wi * F + f] = best > 0 ? best : 0;
      slot.arg[wi * F + f] = arg;
    }
  });
}

function output(m: CnnWeights, slots: Slot[], claimBuster: number): number {
  const S = pooledSize(m);
  let z = m.outBias;
  slots.forEach((slot, k) => {
    for (let q = 0; q < S; q++) z += m.out[k * S + q] * slot.pooled[q];
  });
  z += m.out[3 * S] * (slots[1].sentence ? 1 : 0) + m.out[3 * S + 1] * (slots[2].sentence ? 1 : 0) + m.out[3 * S + 2] * claimBuster;
  return z;
}

/** Raw score (logit) of one sentence given its own and its neighbours' tokens. */
export function cnnLogit(m: CnnWeights, self: CnnSentence, before: CnnSentence | null, after: CnnSentence | null, claimBuster = 0): number {
  const slots = [newSlot(m), newSlot(m), newSlot(m)];
  [self, before, after].forEach((s, k) => encode(m, s, slots[k]));
  return output(m, slots, claimBuster);
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

function groupsOf(examples: NeuralExample[]): { pos: number[]; neg: number[] }[] {
  const groups = new Map<string, { pos: number[]; neg: number[] }>();
  examples.forEach((e, i) => {
    let g = groups.get(e.group);
    if (!g) groups.set(e.group, (g = { pos: [], neg: [] }));
    (e.y === 1 ? g.pos : g.neg).push(i);
  });
  return [...groups.values()].filter((g) => g.pos.length > 0 && g.neg.length > 0);
}

const neighbour = (sentences: CnnSentence[], i: number): CnnSentence | null => (i >= 0 ? sentences[i] : null);

/** Mean RankNet loss over every (positive, negative) pair of each group, weighted by the positive's weight. */
export function cnnPairwiseLoss(m: CnnWeights, sentences: CnnSentence[], examples: NeuralExample[]): number {
  const z = examples.map((e) =>
    cnnLogit(m, sentences[e.self], neighbour(sentences, e.before), neighbour(sentences, e.after), e.claimBuster),
  );
  let loss = 0;
  let weight = 0;
  for (const g of groupsOf(examples))
    for (const p of g.pos)
      for (const q of g.neg) {
        loss += examples[p].weight * softplus(z[q] - z[p]);
        weight += examples[p].weight;
      }
  return loss / weight;
}

/** Train on examples whose tokens are `sentences[example.self]` (and the neighbours'). */
export function trainCnn(sentences: CnnSentence[], examples: NeuralExample[], o: CnnTrainOptions): CnnWeights {
  const m = initCnn(o, o.seed);
  const rnd = seededRandom(o.seed ^ 0x9e3779b9);
  const d = o.dim;
  const F = o.filters;
  const S = pooledSize(o);
  const lr = o.learningRate;
  const acc = (a: Float32Array): Float32Array => new Float32Array(a.length).fill(1e-8);
  const gEmb = acc(m.emb);
  const gConv = m.conv.map(acc);
  const gConvBias = m.convBias.map(acc);
  const gOut = acc(m.out);
  let gOutBias = 1e-8;
  const step = (w: Float32Array, g2: Float32Array, i: number, g: number): void => {
    g2[i] += g * g;
    w[i] -= (lr * g) / Math.sqrt(g2[i]);
  };
  const pair = [0, 1].map(() => [newSlot(o), newSlot(o), newSlot(o)]);
  const dx = new Float32Array(MAX_CNN_TOKENS * d);
  const dPooled = new Float32Array(3 * S);

  const run = (e: NeuralExample, slots: Slot[]): number => {
    encode(m, sentences[e.self], slots[0]);
    encode(m, neighbour(sentences, e.before), slots[1]);
    encode(m, neighbour(sentences, e.after), slots[2]);
    return output(m, slots, e.claimBuster);
  };

  /** Backpropagate dL/dz = g through the forward state `slots` of example e. */
  const backward = (e: NeuralExample, slots: Slot[], g: number): void => {
    for (let k = 0; k < 3; k++) for (let q = 0; q < S; q++) dPooled[k * S + q] = g * m.out[k * S + q];
    slots.forEach((slot, k) => {
      for (let q = 0; q < S; q++) if (slot.pooled[q] !== 0) step(m.out, gOut, k * S + q, g * slot.pooled[q]);
    });
    if (slots[1].sentence) step(m.out, gOut, 3 * S, g);
    if (slots[2].sentence) step(m.out, gOut, 3 * S + 1, g);
    if (e.claimBuster) step(m.out, gOut, 3 * S + 2, g);
    gOutBias += g * g;
    m.outBias -= (lr * g) / Math.sqrt(gOutBias);
    slots.forEach((slot, k) => {
      const s = slot.sentence;
      if (!s || slot.tokens === 0) return;
      const T = slot.tokens;
      dx.fill(0, 0, T * d);
      m.widths.forEach((w, wi) => {
        const W = m.conv[wi];
        for (let f = 0; f < F; f++) {
          const q = wi * F + f;
          if (slot.pooled[q] === 0) continue;
          const gq = dPooled[k * S + q];
          step(m.convBias[wi], gConvBias[wi], f, gq);
          const at = slot.arg[q] * d;
          const span = Math.min(w, T - slot.arg[q]) * d;
          const base = f * w * d;
          for (let i = 0; i < span; i++) {
            dx[at + i] += gq * W[base + i];
            step(W, gConv[wi], base + i, gq * slot.x[at + i]);
          }
        }
      });
      for (let t = 0; t < T; t++) {
        const a = s.starts[t];
        const b = s.starts[t + 1];
        const inv = 1 / (b - a);
        for (let j = 0; j < d; j++) {
          const gj = dx[t * d + j] * inv;
          if (gj === 0) continue;
          for (let r = a; r < b; r++) step(m.emb, gEmb, s.rows[r] * d + j, gj);
        }
      }
    });
  };

  const groups = groupsOf(examples);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (const [p, q] of drawPairs(groups, o.negativesPerPositive, rnd)) {
      const ep = examples[p];
      const eq = examples[q];
      const margin = run(ep, pair[0]) - run(eq, pair[1]);
      const g = ep.weight * (sigmoid(margin) - 1);
      backward(ep, pair[0], g);
      backward(eq, pair[1], -g);
    }
  }
  return m;
}
