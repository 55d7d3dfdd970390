/** Evaluation helpers for binary scorers (positive class = 1). Pure functions. */

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

export function prf(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): PRF {
  let tp = 0,
    fp = 0,
    fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const pred = scores[i] >= threshold;
    if (pred && labels[i] === 1) tp++;
    else if (pred) fp++;
    else if (labels[i] === 1) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, tp, fp, fn };
}

/** Average precision (area under the step precision-recall curve, ties grouped; as scikit-learn). */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  let pos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) pos++;
  if (pos === 0) return 0;
  let tp = 0,
    fp = 0,
    ap = 0,
    prevRecall = 0;
  for (let k = 0; k < order.length;) {
    const s = scores[order[k]];
    while (k < order.length && scores[order[k]] === s) {
      if (labels[order[k]] === 1) tp++;
      else fp++;
      k++;
    }
    const recall = tp / pos;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  }
  return ap;
}

/** ROC AUC via the rank statistic (ties count half). */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0,
    pos = 0;
  for (let k = 0; k < idx.length;) {
    let j = k;
    while (j < idx.length && scores[idx[j]] === scores[idx[k]]) j++;
    const avgRank = (k + 1 + j) / 2;
    for (let t = k; t < j; t++)
      if (labels[idx[t]] === 1) {
        rankSum += avgRank;
        pos++;
      }
    k = j;
  }
  const neg = idx.length - pos;
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : 0;
}

/** Threshold (one of the scores, rounded down to 3 decimals) that maximises F1. */
export function bestF1Threshold(scores: ArrayLike<number>, labels: ArrayLike<number>): { threshold: number } & PRF {
  const candidates = Array.from(new Set(Array.from(scores, (s) => Math.floor(s * 1000) / 1000))).sort((a, b) => a - b);
  let best: { threshold: number } & PRF = { threshold: 0.5, ...prf(scores, labels, 0.5) };
  for (const t of candidates) {
    const r = prf(scores, labels, t);
    if (r.f1 > best.f1 + 1e-12) best = { threshold: t, ...r };
  }
  return best;
}

/** Log loss of probabilities. */
export function logLoss(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, probs[i]));
    s -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / probs.length;
}

/** Mean and standard error of the mean. */
export function meanAndStandardError(values: number[]): { mean: number; se: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, se: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, se: 0 };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
}

/**
 * Mean over groups (transcripts) of the average precision of each group's ranking, as the CLEF
 * CheckThat! lab scores check-worthiness; groups without a positive are left out.
 */
export function meanAveragePrecision(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  groups: ArrayLike<string>,
): { map: number; se: number; perGroup: Map<string, number> } {
  const byGroup = new Map<string, { s: number[]; l: number[] }>();
  for (let i = 0; i < scores.length; i++) {
    let g = byGroup.get(groups[i]);
    if (!g) byGroup.set(groups[i], (g = { s: [], l: [] }));
    g.s.push(scores[i]);
    g.l.push(labels[i]);
  }
  const perGroup = new Map<string, number>();
  for (const [name, g] of byGroup) if (g.l.includes(1)) perGroup.set(name, averagePrecision(g.s, g.l));
  const { mean, se } = meanAndStandardError([...perGroup.values()]);
  return { map: mean, se, perGroup };
}

/** Boundary precision/recall/F1: a predicted sentence end counts when it is a gold sentence end. */
export function boundaryF1(predictedEnds: number[], goldEnds: number[]): { tp: number; predicted: number; gold: number } {
  const gold = new Set(goldEnds);
  let tp = 0;
  for (const e of new Set(predictedEnds)) if (gold.has(e)) tp++;
  return { tp, predicted: new Set(predictedEnds).size, gold: gold.size };
}
