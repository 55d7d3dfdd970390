import { useEffect, useRef, useState } from 'preact/hooks';
import { type ReviewTask } from '../types';

const TICK_MS = 1000;

/**
 * The lease as this tab's clock sees it. The server's `updatedAt` is when it set `leaseExpiresAt`, so
 * their difference is the time left at the answer, whatever the skew between the two clocks.
 */
export function localExpiry(task: ReviewTask, receivedAt: number): { expiresAt: number; lengthMs: number } {
  const lengthMs = task.leaseExpiresAt ? Math.max(0, Date.parse(task.leaseExpiresAt) - Date.parse(task.updatedAt ?? task.createdAt)) : 0;
  return { expiresAt: receivedAt + lengthMs, lengthMs };
}

/**
 * Counts the lease down and renews it while the tab is open: a heartbeat once a third of the lease
 * has passed since the last renewal. `heartbeat` resolves true when renewed, false when the lease is lost.
 */
export function useLease(task: ReviewTask, heartbeat: () => Promise<boolean>, onExpired: () => void): number {
  const [lease, setLease] = useState(() => localExpiry(task, Date.now()));
  const [now, setNow] = useState(Date.now());
  const inFlight = useRef(false);
  const callbacks = useRef({ heartbeat, onExpired });
  callbacks.current = { heartbeat, onExpired };

  useEffect(() => setLease(localExpiry(task, Date.now())), [task.leaseExpiresAt]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  const remaining = lease.expiresAt - now;
  useEffect(() => {
    if (remaining <= 0) {
      callbacks.current.onExpired();
      return;
    }
    if (inFlight.current || remaining > (lease.lengthMs * 2) / 3) return;
    inFlight.current = true;
    void callbacks.current.heartbeat().finally(() => {
      inFlight.current = false;
    });
  }, [remaining <= 0, Math.floor(now / TICK_MS)]);

  return remaining;
}
