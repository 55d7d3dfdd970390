import { averagePrecision, bestF1Threshold, prf, rocAuc } from './metrics';

describe('metrics', () => {
  it('precision/recall/F1', () => {
    const r = prf([0.9, 0.8, 0.3, 0.1], [1, 0, 1, 0], 0.5);
    expect(r).toMatchObject({ tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
  });
  it('average precision matches the textbook value', () => {
    // ranks: 1 (pos), 2 (neg), 3 (pos) -> AP = (1/2)*1 + (1/2)*(2/3)
    expect(averagePrecision([0.9, 0.8, 0.7], [1, 0, 1])).toBeCloseTo(0.5 + 1 / 3, 10);
    expect(averagePrecision([0.9, 0.8], [1, 1])).toBe(1);
  });
  it('ROC AUC and best threshold', () => {
    expect(rocAuc([0.9, 0.8, 0.7, 0.1], [1, 1, 0, 0])).toBe(1);
    expect(bestF1Threshold([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0]).f1).toBe(1);
  });
});
