import { type ReviewTask } from '../types';

/**
 * The lease as this tab's clock sees it. The server's `updatedAt` is when it set `leaseExpiresAt`, so
 * their difference is the time left at the answer, whatever the skew between the two clocks.
 */
export function localExpiry(task: Pick<ReviewTask, 'leaseExpiresAt' | 'updatedAt' | 'createdAt'>, receivedAt: number) {
  const lengthMs = task.leaseExpiresAt ? Math.max(0, Date.parse(task.leaseExpiresAt) - Date.parse(task.updatedAt ?? task.createdAt)) : 0;
  return { expiresAt: receivedAt + lengthMs, lengthMs };
}

/** Renew once a third of the lease has passed since the last renewal (twice more before it lapses). */
export const shouldRenew = (remainingMs: number, lengthMs: number): boolean => remainingMs > 0 && remainingMs <= (lengthMs * 2) / 3;
