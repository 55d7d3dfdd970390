/** What work recovery does with a stalled row, given the BullMQ job that holds (or not) its job id. */
export type RecoveryDecision = 'add' | 'revive' | 'leave';

export interface HeldJob {
  /** BullMQ's job state: waiting, delayed, active, prioritized, waiting-children, completed, failed, unknown. */
  state: string;
  finishedOn: number | null;
}

/**
 * - no job: queue it again (`add`);
 * - failed or completed (BullMQ keeps those for days and ignores an add with their id) and finished
 *   longer than `recoverAfterMs` ago: remove it and queue again (`revive`); finished more recently:
 *   `leave`, so work that fails for a reason of its own is retried once per recoverAfterMs, not in a loop;
 * - anything else (waiting, delayed, active, ...): `leave`, it will run.
 */
export function recoveryDecision(job: HeldJob | null, now: number, recoverAfterMs: number): RecoveryDecision {
  if (!job || job.state === 'unknown') return 'add';
  if (job.state !== 'failed' && job.state !== 'completed') return 'leave';
  return (job.finishedOn ?? 0) <= now - recoverAfterMs ? 'revive' : 'leave';
}
