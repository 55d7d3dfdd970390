import { AGING_PER_HOUR, basePriority, clusterPriority, effectivePriority, rankKey } from './review-priority';

describe('review priority', () => {
  it('grows with the articles a cluster appears in: +0.1 per doubling, at most +0.5', () => {
    expect(clusterPriority(0.6, 1)).toBe(0.6);
    expect(clusterPriority(0.6, 2)).toBe(0.7);
    expect(clusterPriority(0.6, 4)).toBe(0.8);
    expect(clusterPriority(0.6, 1000)).toBe(1.1);
    expect(clusterPriority(0.6, 0)).toBe(0.6);
    expect(clusterPriority(0.6, 3)).toBeGreaterThan(clusterPriority(0.6, 2));
  });

  it('weighs check-worthiness 0.7 and urgency 0.3, clamped to 0..1', () => {
    expect(basePriority(1, 1)).toBe(1);
    expect(basePriority(0, 0)).toBe(0);
    expect(basePriority(0.5, 0.25)).toBeCloseTo(0.425, 4);
    expect(basePriority(2, -1)).toBe(0.7);
    expect(basePriority(Number.NaN, 1)).toBe(0.3);
  });

  it('ages linearly, 0.05 per hour waited', () => {
    const created = new Date('2025-01-01T00:00:00Z');
    expect(effectivePriority(0.4, created, created)).toBe(0.4);
    expect(effectivePriority(0.4, created, new Date('2025-01-01T02:00:00Z'))).toBeCloseTo(0.4 + 2 * AGING_PER_HOUR, 4);
    expect(effectivePriority(0.4, created, new Date('2024-12-31T00:00:00Z'))).toBe(0.4);
  });

  it('orders by rankKey exactly as by aged priority at any instant', () => {
    const tasks = [
      { base: 0.9, created: new Date('2025-01-01T10:00:00Z') },
      { base: 0.5, created: new Date('2025-01-01T00:00:00Z') },
      { base: 0.6, created: new Date('2025-01-01T06:00:00Z') },
    ];
    for (const now of [new Date('2025-01-01T10:00:00Z'), new Date('2025-01-02T00:00:00Z')]) {
      const byPriority = [...tasks].sort((a, b) => effectivePriority(b.base, b.created, now) - effectivePriority(a.base, a.created, now));
      const byRank = [...tasks].sort((a, b) => rankKey(b.base, b.created) - rankKey(a.base, a.created));
      expect(byRank).toEqual(byPriority);
    }
  });

  it('puts the older of two equal priorities first', () => {
    expect(rankKey(0.5, new Date('2025-01-01T00:00:00Z'))).toBeGreaterThan(rankKey(0.5, new Date('2025-01-01T00:00:01Z')));
  });
});
