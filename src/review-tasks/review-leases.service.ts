import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import { ReviewTaskRow } from '../workflow/review-task.entity';
import { ReviewTaskRepository } from '../workflow/review-task.repository';
import { TaskClaims } from './task-claims.service';

export const LEASE_EXPIRED_REASON = 'lease expired';
const SWEEP_BATCH = 100;

/**
 * Lapses leases that were not renewed: the task is open again and its claim back in needs_review,
 * through ClaimWorkflow (history row 'lease expired'). Called by the worker's sweeper and before the
 * API reads or hands out tasks, so correctness never waits for the sweep.
 * Lock order everywhere in review tasks: task row, then claim, then (only for a terminal change) article.
 */
@Injectable()
export class ReviewLeases {
  private readonly logger = new Logger(ReviewLeases.name);

  constructor(
    private readonly tx: TransactionHost,
    private readonly tasks: ReviewTaskRepository,
    private readonly taskClaims: TaskClaims,
  ) {}

  /** Lapses every expired lease (or only the given task's); returns how many lapsed. */
  async lapseExpired(taskId: string | null = null): Promise<number> {
    if (!(await this.tasks.anyExpired(taskId))) return 0; // the common case: one indexed read, no transaction
    let total = 0;
    for (;;) {
      const lapsed = await this.tx.run(async () => {
        const expired = await this.tasks.lockExpired(taskId ? 1 : SWEEP_BATCH, taskId);
        for (const task of expired) await this.lapse(task);
        return expired.length;
      });
      total += lapsed;
      if (lapsed < SWEEP_BATCH || taskId) return total;
    }
  }

  /** Inside the caller's transaction, with the task row locked. */
  async lapse(task: ReviewTaskRow): Promise<void> {
    if (!task.lease_token || !(await this.tasks.reopenLapsed(task.id, task.lease_token))) return;
    const claim = await this.taskClaims.move(task, ['in_review'], 'needs_review', { actorId: null, reason: LEASE_EXPIRED_REASON });
    if (claim.status !== 'needs_review') this.logger.warn(`task ${task.id} lapsed while its claim was ${claim.status}`);
  }

  nextExpiryInMs(): Promise<number | null> {
    return this.tasks.msUntilNextExpiry();
  }
}
