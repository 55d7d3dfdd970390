/** Retry schedule and Retry-After handling of webhook deliveries. Pure: no Nest, no I/O. */

/** A receiver's Retry-After is honoured up to this much; past it the schedule would stall for days. */
export const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/**
 * Delay before the next attempt of a round, or null when `attemptsInRound` attempts have used the
 * schedule up (then the delivery is failed). Attempt n+1 comes `delays[n-1]` after attempt n, and
 * never sooner than the receiver's Retry-After (capped at 24 h).
 */
export function nextAttemptDelay(attemptsInRound: number, delaysMs: readonly number[], retryAfterMs: number | null = null): number | null {
  if (attemptsInRound < 1 || attemptsInRound > delaysMs.length) return null;
  const scheduled = delaysMs[attemptsInRound - 1];
  if (retryAfterMs === null) return scheduled;
  return Math.max(scheduled, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

export function attemptsPerRound(delaysMs: readonly number[]): number {
  return delaysMs.length + 1;
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | null {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return null;
  if (/^\d+$/.test(raw)) return Math.min(Number(raw) * 1000, Number.MAX_SAFE_INTEGER);
  if (!/[a-z]/i.test(raw)) return null;
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** Statuses whose Retry-After is honoured. */
export function honoursRetryAfter(statusCode: number): boolean {
  return statusCode === 429 || statusCode === 503;
}
