/**
 * Review priority: how much a task deserves a reviewer's next minute. Pure; no Nest or database imports.
 *
 *   base      = 0.7 * checkworthiness + 0.3 * urgency        (both 0..1, so base is 0..1)
 *   priority  = base + 0.05 * hours the task has waited      (aging: nothing starves)
 *
 * urgency is the newsroom's submit-time urgency (low 0, normal 0.25, high 0.6, breaking 1).
 * Aging is linear, so ordering by priority at any instant equals ordering by the static
 *   rankKey = base - 0.05 * (creation time in hours since the epoch),
 * which is what the open-task index stores. Equal priorities: the oldest task first.
 *
 * A task reviews a whole claim cluster (docs/clusters.md), so its base grows with the number of
 * articles the cluster appears in:
 *   clusterBase = max(base of the members waiting) + min(0.5, 0.1 * log2(articles))
 * (+0.1 per doubling, i.e. two hours of waiting: 2 articles +0.1, 4 +0.2, 32 or more +0.5).
 */
export const CHECKWORTHINESS_WEIGHT = 0.7;
export const URGENCY_WEIGHT = 0.3;
export const AGING_PER_HOUR = 0.05;
export const CLUSTER_SPREAD_PER_DOUBLING = 0.1;
/**
 * Fair claim-next across newsrooms: each newsroom's best open task competes with
 *   rankKey - 0.05 * (leases the newsroom got recently, halving every 10 minutes)
 * so a newsroom that floods the queue gets reviewers in turn with the others instead of all of them.
 */
export const FAIR_SHARE_PENALTY_PER_LEASE = 0.05;
export const FAIR_SHARE_HALF_LIFE_SECONDS = 600;
export const CLUSTER_SPREAD_CAP = 0.5;

const clamp = (value: number) => Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
const round = (value: number) => Math.round(value * 10000) / 10000;
const hoursSinceEpoch = (at: Date) => at.getTime() / 3_600_000;

export function basePriority(checkworthiness: number, urgency: number): number {
  return round(CHECKWORTHINESS_WEIGHT * clamp(checkworthiness) + URGENCY_WEIGHT * clamp(urgency));
}

export function effectivePriority(base: number, createdAt: Date, now: Date = new Date()): number {
  const waitedHours = Math.max(0, hoursSinceEpoch(now) - hoursSinceEpoch(createdAt));
  return round(base + AGING_PER_HOUR * waitedHours);
}

export function rankKey(base: number, createdAt: Date): number {
  return base - AGING_PER_HOUR * hoursSinceEpoch(createdAt);
}

/** The base priority of a cluster's task: its best waiting member's base plus the spread bonus. */
export function clusterPriority(bestMemberBase: number, articles: number): number {
  const spread = Math.min(CLUSTER_SPREAD_CAP, CLUSTER_SPREAD_PER_DOUBLING * Math.log2(Math.max(1, articles)));
  return round(clamp(bestMemberBase) + spread);
}
