/**
 * The learned re-ranker and its calibration. Pure.
 * - score = w · standardised features (a linear model), trained with a listwise softmax loss: per
 *   query, -log of the softmax probability of its relevant candidates among all its candidates.
 * - probability = sigmoid(a · score + c) (Platt scaling fitted on out-of-fold scores of train): the
 *   probability that a candidate checks the same claim as the query.
 */
export interface RankerModel {
  features: readonly string[];
  mean: number[];
  std: number[];
  weights: number[];
  calibration: { a: number; c: number };
}

export interface TrainingList {
  features: number[][];
  relevant: boolean[];
}

export function rankScore(model: RankerModel, features: readonly number[]): number {
  let score = 0;
  for (let i = 0; i < model.weights.length; i += 1) score += model.weights[i] * ((features[i] - model.mean[i]) / model.std[i]);
  return score;
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function calibrated(model: Pick<RankerModel, 'calibration'>, score: number): number {
  return sigmoid(model.calibration.a * score + model.calibration.c);
}

export function standardisation(lists: readonly TrainingList[], width: number): { mean: number[]; std: number[] } {
  const mean = new Array<number>(width).fill(0);
  const square = new Array<number>(width).fill(0);
  let count = 0;
  for (const list of lists) {
    for (const row of list.features) {
      count += 1;
      row.forEach((value, i) => {
        mean[i] += value;
        square[i] += value * value;
      });
    }
  }
  for (let i = 0; i < width; i += 1) {
    mean[i] /= Math.max(count, 1);
    const variance = square[i] / Math.max(count, 1) - mean[i] * mean[i];
    square[i] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
  return { mean, std: square };
}

export interface TrainOptions {
  l2: number;
  iterations: number;
  learningRate: number;
}

/**
 * Full-batch Adam on the listwise softmax loss plus l2 · |w|². Deterministic: zero start, fixed
 * order, no sampling. Lists without a relevant candidate carry no signal and are skipped.
 */
export function trainListwise(lists: readonly TrainingList[], scaling: { mean: number[]; std: number[] }, options: TrainOptions): number[] {
  const width = scaling.mean.length;
  const useful = lists.filter((list) => list.relevant.some(Boolean));
  // One flat matrix of standardised rows, and each list's [start, end) in it.
  const rowCount = useful.reduce((sum, list) => sum + list.features.length, 0);
  const x = new Float64Array(rowCount * width);
  const target = new Float64Array(rowCount);
  const bounds: number[] = [0];
  let row = 0;
  for (const list of useful) {
    const positives = list.relevant.filter(Boolean).length;
    list.features.forEach((features, r) => {
      for (let i = 0; i < width; i += 1) x[row * width + i] = (features[i] - scaling.mean[i]) / scaling.std[i];
      target[row] = list.relevant[r] ? 1 / positives : 0;
      row += 1;
    });
    bounds.push(row);
  }
  const weights = new Float64Array(width);
  const m = new Float64Array(width);
  const v = new Float64Array(width);
  const gradient = new Float64Array(width);
  const scores = new Float64Array(rowCount);
  const beta1 = 0.9;
  const beta2 = 0.999;
  for (let step = 1; step <= options.iterations; step += 1) {
    for (let i = 0; i < width; i += 1) gradient[i] = 2 * options.l2 * weights[i];
    for (let l = 0; l + 1 < bounds.length; l += 1) {
      let top = -Infinity;
      for (let r = bounds[l]; r < bounds[l + 1]; r += 1) {
        let score = 0;
        for (let i = 0; i < width; i += 1) score += x[r * width + i] * weights[i];
        scores[r] = score;
        if (score > top) top = score;
      }
      let total = 0;
      for (let r = bounds[l]; r < bounds[l + 1]; r += 1) {
        scores[r] = Math.exp(scores[r] - top);
        total += scores[r];
      }
      for (let r = bounds[l]; r < bounds[l + 1]; r += 1) {
        const coefficient = (scores[r] / total - target[r]) / useful.length;
        for (let i = 0; i < width; i += 1) gradient[i] += coefficient * x[r * width + i];
      }
    }
    for (let i = 0; i < width; i += 1) {
      m[i] = beta1 * m[i] + (1 - beta1) * gradient[i];
      v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i];
      const mHat = m[i] / (1 - beta1 ** step);
      const vHat = v[i] / (1 - beta2 ** step);
      weights[i] -= (options.learningRate * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
  return [...weights];
}

/**
 * Platt scaling: logistic regression of the labels on the scores (Platt's smoothed targets, which keep
 * the fit finite when the classes separate), by Newton's method with step halving.
 */
export function fitPlatt(scores: readonly number[], labels: readonly boolean[]): { a: number; c: number } {
  const positives = labels.filter(Boolean).length;
  const negatives = labels.length - positives;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  const targets = labels.map((label) => (label ? hi : lo));
  const loss = (a: number, c: number) =>
    scores.reduce((sum, score, i) => {
      const z = a * score + c;
      // log(1 + e^z) - t·z, computed stably.
      return sum + (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - targets[i] * z;
    }, 0);
  let a = 0;
  let c = Math.log((positives + 1) / (negatives + 1));
  let current = loss(a, c);
  for (let iteration = 0; iteration < 100; iteration += 1) {
    let ga = 0;
    let gc = 0;
    let haa = 1e-12;
    let hac = 0;
    let hcc = 1e-12;
    scores.forEach((score, i) => {
      const p = sigmoid(a * score + c);
      const w = p * (1 - p);
      ga += (p - targets[i]) * score;
      gc += p - targets[i];
      haa += w * score * score;
      hac += w * score;
      hcc += w;
    });
    const det = haa * hcc - hac * hac;
    if (!(Math.abs(det) > 1e-15)) break;
    const da = (hcc * ga - hac * gc) / det;
    const dc = (haa * gc - hac * ga) / det;
    let step = 1;
    let next = loss(a - da, c - dc);
    while (next > current && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, c - step * dc);
    }
    if (next > current) break;
    a -= step * da;
    c -= step * dc;
    const improvement = current - next;
    current = next;
    if (improvement < 1e-10) break;
  }
  return { a, c };
}
