/** What verdict ratings mean for evidence and schema.org. Pure; no Nest or database imports. */
import type { VerdictRating } from '../workflow/verdict-rating';

export type Stance = 'supports' | 'refutes' | 'context';

/** "Mostly False", "mostly-false" and "mostly_false" all read as mostly_false. */
export function normalizeRating(rating: string): string {
  return rating
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/**
 * Stance of a prior fact-check towards the claim it matched: a false / mostly false rating refutes
 * it, a true / mostly true rating supports it, anything else (mixed, misleading, free text) is context.
 */
export function ratingToStance(rating: string): Stance {
  const normalized = normalizeRating(rating);
  if (normalized === 'false' || normalized === 'mostly_false') return 'refutes';
  if (normalized === 'true' || normalized === 'mostly_true') return 'supports';
  return 'context';
}

/**
 * schema.org Rating value on a 1 (worst) .. 5 (best) scale. `alternateName` always carries the exact
 * rating; the number only orders them. Ratings that are not about truth (unverifiable) sit mid-scale.
 */
export const RATING_VALUES: Readonly<Record<VerdictRating, number>> = {
  true: 5,
  mostly_true: 4,
  mixed: 3,
  unverifiable: 3,
  misleading: 2,
  mostly_false: 2,
  false: 1,
};
