/**
 * A linear scorer trained for ranking (used by the training script only): AdaGrad SGD on a mix of a
 * pointwise logistic loss and a pairwise logistic loss (RankNet) between a check-worthy and a
 * non-check-worthy sentence of the same group (a transcript, or the ClaimBuster set), each example
 * weighted by its source. Deterministic: a seeded generator orders examples and draws pairs.
 * Two listwise variants of the ranking loss are options (`listwise`): a sampled softmax over a
 * positive and its drawn negatives, and LambdaRank-style pairs weighted by how much swapping the two
 * would change the group's average precision.
 */
import type { FeatureVector } from './features';

export interface RankingExample {
  x: FeatureVector;
  y: 0 | 1;
  /** Weight of the example in both losses (per source). */
  weight: number;
  /** Pairs are drawn within a group. */
  group: string;
}

export interface RankerOptions {
  dim: number;
  epochs: number;
  /** AdaGrad learning rate. */
  learningRate: number;
  /** L2 shrinkage applied to the weights an update touches. */
  l2: number;
  /** 0 = pointwise logistic loss only, 1 = pairwise only. */
  pairwise: number;
  /** Negatives drawn per positive per epoch. */
  negativesPerPositive: number;
  /**
   * Hard negatives: each negative is the highest-scoring of this many uniform draws from the group
   * (1 or absent = uniform). Focuses the pairs on the lines that look like claims but were not checked.
   */
  hardNegativeDraws?: number;
  /**
   * Listwise ranking loss instead of RankNet pairs: 'softmax' = cross-entropy of a softmax over each
   * positive and its `negativesPerPositive` drawn negatives (the positive as the target; a
   * sampled ListNet top-one loss); 'lambda' = the RankNet pairs, each weighted by |ΔAP| of swapping
   * the two in the group's ranking at the start of the epoch (LambdaRank for AP), normalised to a
   * mean of 1 within the group so that the groups keep their weights.
   */
  listwise?: 'softmax' | 'lambda';
  seed: number;
}

export interface LinearModel {
  bias: number;
  w: Float64Array;
}

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates in place with the seeded generator. */
export function seededShuffle<T>(items: T[], rnd: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

/**
 * One epoch's (positive, negative) pairs: each positive of a group against `perPositive` negatives of
 * the same group drawn at random, then shuffled so that no group comes last in every epoch.
 */
export function drawPairs(groups: Iterable<{ pos: number[]; neg: number[] }>, perPositive: number, rnd: () => number): [number, number][] {
  const pairs: [number, number][] = [];
  for (const g of groups) {
    if (g.pos.length === 0 || g.neg.length === 0) continue;
    for (const p of g.pos) for (let k = 0; k < perPositive; k++) pairs.push([p, g.neg[Math.floor(rnd() * g.neg.length)]]);
  }
  seededShuffle(pairs, rnd);
  return pairs;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function linearScore(m: LinearModel, x: FeatureVector): number {
  let z = m.bias;
  for (let i = 0; i < x.idx.length; i++) z += m.w[x.idx[i]] * x.val[i];
  return z;
}

export function trainRanker(examples: RankingExample[], o: RankerOptions): LinearModel {
  const w = new Float64Array(o.dim);
  const g2 = new Float64Array(o.dim).fill(1e-8);
  let bias = 0;
  let biasG2 = 1e-8;
  const rnd = seededRandom(o.seed);
  const model: LinearModel = { w, bias };

  const step = (x: FeatureVector, gradient: number, sign: number): void => {
    for (let i = 0; i < x.idx.length; i++) {
      const k = x.idx[i];
      const g = sign * gradient * x.val[i] + o.l2 * w[k];
      g2[k] += g * g;
      w[k] -= (o.learningRate * g) / Math.sqrt(g2[k]);
    }
  };

  const groups = new Map<string, { pos: number[]; neg: number[] }>();
  examples.forEach((e, i) => {
    let g = groups.get(e.group);
    if (!g) groups.set(e.group, (g = { pos: [], neg: [] }));
    (e.y === 1 ? g.pos : g.neg).push(i);
  });
  const order = examples.map((_, i) => i);
  const draws = Math.max(1, o.hardNegativeDraws ?? 1);
  const drawNegative = (neg: number[]): number => {
    let best = neg[Math.floor(rnd() * neg.length)];
    if (draws === 1) return best;
    let bestScore = linearScore(model, examples[best].x);
    for (let d = 1; d < draws; d++) {
      const n = neg[Math.floor(rnd() * neg.length)];
      const score = linearScore(model, examples[n].x);
      if (score > bestScore) [best, bestScore] = [n, score];
    }
    return best;
  };

  const pairStep = (p: number, n: number, weight: number): void => {
    const xp = examples[p].x;
    const xn = examples[n].x;
    const margin = linearScore(model, xp) - linearScore(model, xn);
    const gradient = o.pairwise * weight * examples[p].weight * (sigmoid(margin) - 1);
    step(xp, gradient, 1);
    step(xn, gradient, -1);
  };

  const softmaxLists = (g: { pos: number[]; neg: number[] }): void => {
    const z = new Array<number>(o.negativesPerPositive + 1);
    const list = new Array<number>(o.negativesPerPositive + 1);
    for (const p of g.pos) {
      list[0] = p;
      for (let k = 1; k < list.length; k++) list[k] = drawNegative(g.neg);
      let max = -Infinity;
      for (let k = 0; k < list.length; k++) max = Math.max(max, (z[k] = linearScore(model, examples[list[k]].x)));
      let sum = 0;
      for (let k = 0; k < list.length; k++) sum += z[k] = Math.exp(z[k] - max);
      const weight = o.pairwise * examples[p].weight;
      for (let k = 0; k < list.length; k++) step(examples[list[k]].x, weight * (z[k] / sum - (k === 0 ? 1 : 0)), 1);
    }
  };

  const lambdaPairs = (g: { pos: number[]; neg: number[] }): void => {
    const members = [...g.pos, ...g.neg];
    const score = new Map(members.map((i) => [i, linearScore(model, examples[i].x)]));
    members.sort((a, b) => score.get(b)! - score.get(a)! || a - b);
    const rank = new Map(members.map((i, r) => [i, r + 1]));
    // c[r] = positives ranked at or above r, h[r] = the sum of 1/rank over them
    const c = new Float64Array(members.length + 1);
    const h = new Float64Array(members.length + 1);
    members.forEach((i, r) => {
      const positive = examples[i].y === 1 ? 1 : 0;
      c[r + 1] = c[r] + positive;
      h[r + 1] = h[r] + positive / (r + 1);
    });
    const pairs: [number, number, number][] = [];
    let total = 0;
    for (const p of g.pos)
      for (let k = 0; k < o.negativesPerPositive; k++) {
        const n = drawNegative(g.neg);
        const [i, j] = [rank.get(p)!, rank.get(n)!];
        const delta = j < i ? (c[j] + 1) / j - c[i] / i + h[i - 1] - h[j] : c[i] / i - c[j] / j + h[j] - h[i];
        pairs.push([p, n, delta]);
        total += delta;
      }
    const mean = total / pairs.length || 1;
    for (const [p, n, delta] of pairs) pairStep(p, n, delta / mean);
  };

  for (let epoch = 0; epoch < o.epochs; epoch++) {
    seededShuffle(order, rnd);
    if (o.pairwise < 1) {
      for (const i of order) {
        const e = examples[i];
        model.bias = bias;
        const gradient = (1 - o.pairwise) * e.weight * (sigmoid(linearScore(model, e.x)) - e.y);
        step(e.x, gradient, 1);
        biasG2 += gradient * gradient;
        bias -= (o.learningRate * gradient) / Math.sqrt(biasG2);
      }
    }
    if (o.pairwise > 0) {
      model.bias = 0;
      for (const g of groups.values()) {
        if (g.pos.length === 0 || g.neg.length === 0) continue;
        if (o.listwise === 'softmax') softmaxLists(g);
        else if (o.listwise === 'lambda') lambdaPairs(g);
        else for (const p of g.pos) for (let k = 0; k < o.negativesPerPositive; k++) pairStep(p, drawNegative(g.neg), 1);
      }
    }
  }
  return { w, bias };
}
