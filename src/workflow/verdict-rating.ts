/** The ratings a reviewer's verdict on a claim can carry. Pure; no Nest or database imports. */
export const VERDICT_RATINGS = ['true', 'mostly_true', 'mixed', 'mostly_false', 'false', 'misleading', 'unverifiable'] as const;
export type VerdictRating = (typeof VERDICT_RATINGS)[number];

export function isVerdictRating(value: unknown): value is VerdictRating {
  return typeof value === 'string' && (VERDICT_RATINGS as readonly string[]).includes(value);
}
