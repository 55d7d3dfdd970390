/**
 * L2-regularised logistic regression on sparse hashed features, trained full-batch with L-BFGS
 * (deterministic: no sampling, fixed summation order). Used by the training script only.
 */
import type { FeatureVector } from './features';

export interface Dataset {
  x: FeatureVector[];
  y: Float64Array | number[];
}

export interface TrainOptions {
  dim: number;
  l2: number;
  maxIter?: number;
  memory?: number;
  tol?: number;
  /** Weight of positive examples in the loss (1 = unweighted). */
  posWeight?: number;
}

export interface TrainedModel {
  bias: number;
  w: Float64Array;
}

export function logit(w: Float64Array, bias: number, x: FeatureVector): number {
  let z = bias;
  for (let i = 0; i < x.idx.length; i++) z += w[x.idx[i]] * x.val[i];
  return z;
}

/** Objective (mean weighted log-loss + l2/2 * ||w||^2) and gradient. params = [w..., bias]. */
function objective(params: Float64Array, data: Dataset, opt: TrainOptions, grad: Float64Array): number {
  const { dim, l2 } = opt;
  const posW = opt.posWeight ?? 1;
  grad.fill(0);
  const bias = params[dim];
  let loss = 0;
  let wsum = 0;
  for (let n = 0; n < data.x.length; n++) {
    const x = data.x[n];
    let z = bias;
    for (let i = 0; i < x.idx.length; i++) z += params[x.idx[i]] * x.val[i];
    const y = data.y[n];
    const sw = y === 1 ? posW : 1;
    wsum += sw;
    // log(1+exp(-z)) for y=1, log(1+exp(z)) for y=0, computed stably
    const m = y === 1 ? -z : z;
    loss += sw * (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m)));
    const p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    const g = sw * (p - y);
    for (let i = 0; i < x.idx.length; i++) grad[x.idx[i]] += g * x.val[i];
    grad[dim] += g;
  }
  for (let i = 0; i <= dim; i++) grad[i] /= wsum;
  loss /= wsum;
  let reg = 0;
  for (let i = 0; i < dim; i++) {
    reg += params[i] * params[i];
    grad[i] += l2 * params[i];
  }
  return loss + 0.5 * l2 * reg;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function trainLogistic(data: Dataset, opt: TrainOptions): TrainedModel {
  const n = opt.dim + 1;
  const m = opt.memory ?? 10;
  const maxIter = opt.maxIter ?? 300;
  const tol = opt.tol ?? 1e-7;
  const x = new Float64Array(n);
  const g = new Float64Array(n);
  let f = objective(x, data, opt, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const alpha: number[] = new Array(m).fill(0);
  for (let iter = 0; iter < maxIter; iter++) {
    // two-loop recursion: d = -H g
    for (let i = 0; i < n; i++) d[i] = -g[i];
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(S[k], d);
      const yk = Y[k];
      for (let i = 0; i < n; i++) d[i] -= alpha[k] * yk[i];
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
      for (let i = 0; i < n; i++) d[i] *= gamma;
    } else {
      const gn = Math.sqrt(dot(g, g));
      for (let i = 0; i < n; i++) d[i] /= Math.max(1, gn);
    }
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k] * dot(Y[k], d);
      const sk = S[k];
      for (let i = 0; i < n; i++) d[i] += (alpha[k] - beta) * sk[i];
    }
    let gd = dot(g, d);
    if (gd >= 0) {
      // not a descent direction: reset memory, use steepest descent
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i];
      gd = dot(g, d);
    }
    // backtracking Armijo line search
    let step = 1;
    let fNew = 0;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
      fNew = objective(xNew, data, opt, gNew);
      if (fNew <= f + 1e-4 * step * gd) break;
      step *= 0.5;
    }
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      yv[i] = gNew[i] - g[i];
    }
    const sy = dot(s, yv);
    x.set(xNew);
    g.set(gNew);
    const rel = Math.abs(f - fNew) / Math.max(1, Math.abs(f));
    f = fNew;
    if (sy > 1e-12) {
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
      if (S.length > m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    if (rel < tol) break;
  }
  return { bias: x[opt.dim], w: x.slice(0, opt.dim) };
}

/** Platt scaling: fit p = sigmoid(a*z + b) on held-out logits by Newton's method (with Platt's target smoothing). */
export function fitPlatt(z: number[], y: number[]): { a: number; b: number } {
  let pos = 0;
  for (const v of y) if (v === 1) pos++;
  const neg = y.length - pos;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const t = y.map((v) => (v === 1 ? hi : lo));
  let a = 1,
    b = 0;
  for (let it = 0; it < 100; it++) {
    let ga = 0,
      gb = 0,
      haa = 1e-9,
      hab = 0,
      hbb = 1e-9;
    for (let i = 0; i < z.length; i++) {
      const u = a * z[i] + b;
      const p = u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
      const r = p - t[i];
      const wv = p * (1 - p);
      ga += r * z[i];
      gb += r;
      haa += wv * z[i] * z[i];
      hab += wv * z[i];
      hbb += wv;
    }
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}
