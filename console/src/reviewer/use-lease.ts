import { useEffect, useRef, useState } from 'preact/hooks';
import { type ReviewTask } from '../types';
import { localExpiry, shouldRenew } from './lease-clock';

const TICK_MS = 1000;
/** After a heartbeat that failed for another reason than a lost lease (network), wait before the next. */
const RETRY_MS = 5000;

/**
 * Counts the lease down and renews it while the tab is open: a heartbeat once a third of the lease
 * has passed since the last renewal. `heartbeat` resolves true when renewed, false when the lease is lost.
 */
export function useLease(task: ReviewTask, heartbeat: () => Promise<boolean>, onExpired: () => void): number {
  const [lease, setLease] = useState(() => localExpiry(task, Date.now()));
  const [now, setNow] = useState(Date.now());
  const inFlight = useRef(false);
  const retryAt = useRef(0);
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
    if (inFlight.current || now < retryAt.current || !shouldRenew(remaining, lease.lengthMs)) return;
    inFlight.current = true;
    void callbacks.current
      .heartbeat()
      .then((renewed) => {
        retryAt.current = renewed ? 0 : Date.now() + RETRY_MS;
      })
      .finally(() => {
        inFlight.current = false;
      });
  }, [remaining <= 0, Math.floor(now / TICK_MS)]);

  return remaining;
}
