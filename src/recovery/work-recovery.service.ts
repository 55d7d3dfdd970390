import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { PeriodicTask } from '../common/periodic-task';
import { TransactionHost } from '../database/transaction-host';
import { OutboxJob, OutboxRepository } from '../queue/outbox.repository';
import { QueueDirectory } from '../queue/queue-directory';
import { JOBS, QueueName } from '../queue/queue.registry';
import { recoveryDecision, type RecoveryDecision } from './recovery-decision';
import { StalledCursor, StalledPage, StalledWorkRepository } from './stalled-work.repository';

/** Pages per kind per sweep (of RECOVERY_BATCH_SIZE rows); the next sweep goes on from there. */
const PAGES_PER_SWEEP = 20;

export interface RecoveredWork {
  /** Jobs queued again, per kind. */
  articles: number;
  claimBatches: number;
  deliveries: number;
  /** Of those, how many replaced a failed or completed job that still held the id. */
  revived: number;
}

type Kind = 'articles' | 'claimBatches' | 'deliveries';
const KINDS: Kind[] = ['articles', 'claimBatches', 'deliveries'];

/**
 * Postgres holds the truth; a queued job is only a reminder. Every RECOVERY_SWEEP_MS this finds
 * work untouched for RECOVER_AFTER_MS (articles before their claims, claims pending or verifying,
 * deliveries overdue), oldest first, in pages that carry on from a cursor (so no number of stuck
 * rows hides the ones behind them), and looks up each one's job:
 * - no job with its id (Redis lost it: a restart without persistence, a failover, a flush): queued
 *   again through the outbox, under the same id;
 * - a failed or completed job still holding the id (BullMQ keeps them for days and ignores an add
 *   with an id it holds): removed and queued again, at most once per RECOVER_AFTER_MS per job, so
 *   work that fails for a reason of its own is retried that often rather than in a loop;
 * - a job waiting, delayed or active: left alone (a backlog, a postponement, or a worker on it; a
 *   killed worker's job comes back by the stalled check).
 */
@Injectable()
export class WorkRecovery extends PeriodicTask {
  private readonly cursors: Record<Kind, StalledCursor | null> = { articles: null, claimBatches: null, deliveries: null };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly stalled: StalledWorkRepository,
    private readonly outbox: OutboxRepository,
    private readonly queues: QueueDirectory,
  ) {
    super(WorkRecovery.name, config.recoverySweepMs, 'work recovery failed');
  }

  protected async tick(): Promise<void> {
    await this.recover();
  }

  /** One sweep: up to PAGES_PER_SWEEP pages of each kind, from where the last sweep stopped. */
  async recover(): Promise<RecoveredWork> {
    const pageSize = this.config.recoveryBatchSize;
    const found: RecoveredWork = { articles: 0, claimBatches: 0, deliveries: 0, revived: 0 };
    for (const kind of KINDS) {
      for (let page = 0; page < PAGES_PER_SWEEP; page++) {
        const { items, next } = await this.page(kind, this.cursors[kind], pageSize);
        const { queued, revived } = await this.requeue(items);
        found[kind] += queued;
        found.revived += revived;
        this.cursors[kind] = next;
        if (next === null) break;
      }
    }
    if (found.articles + found.claimBatches + found.deliveries > 0) {
      this.logger.log(
        `queued again (idle over ${this.config.recoverAfterMs} ms): ${found.articles} article(s), ${found.claimBatches} claim batch(es), ` +
          `${found.deliveries} delivery(ies); ${found.revived} replaced a failed or completed job`,
      );
    }
    return found;
  }

  private async page(kind: Kind, cursor: StalledCursor | null, limit: number): Promise<StalledPage<OutboxJob>> {
    const after = this.config.recoverAfterMs;
    if (kind === 'articles') {
      const page = await this.stalled.articles(after, cursor, limit);
      return { next: page.next, items: page.items.map((articleId): OutboxJob => ({ name: 'extract-article', payload: { articleId } })) };
    }
    if (kind === 'claimBatches') {
      const page = await this.stalled.claimBatches(after, cursor, limit);
      return { next: page.next, items: page.items.map((payload): OutboxJob => ({ name: 'verify-claims', payload })) };
    }
    const page = await this.stalled.deliveries(after, cursor, limit);
    return {
      next: page.next,
      items: page.items.map((delivery): OutboxJob => ({
        name: 'deliver-webhook',
        payload: { deliveryId: delivery.id, round: delivery.round },
      })),
    };
  }

  private async requeue(jobs: OutboxJob[]): Promise<{ queued: number; revived: number }> {
    if (jobs.length === 0) return { queued: 0, revived: 0 };
    const decisions = await Promise.all(jobs.map((job) => this.decide(job)));
    const again = jobs.filter((_, index) => decisions[index] !== 'leave');
    await this.tx.run(() => this.outbox.add(again));
    return { queued: again.length, revived: decisions.filter((decision) => decision === 'revive').length };
  }

  /** Looks the job up in BullMQ; removes a finished one that would make the re-add a no-op. */
  private async decide(job: OutboxJob): Promise<RecoveryDecision> {
    const definition = JOBS[job.name] as { queue: QueueName; jobId(payload: unknown): string };
    const queued = await this.queues.get(definition.queue).getJob(definition.jobId(job.payload));
    const decision = recoveryDecision(
      queued ? { state: await queued.getState(), finishedOn: queued.finishedOn ?? null } : null,
      Date.now(),
      this.config.recoverAfterMs,
    );
    if (decision !== 'revive' || !queued) return decision;
    try {
      await queued.remove();
      return 'revive';
    } catch (error) {
      // Taken meanwhile (retried by hand, or being removed by BullMQ's retention): next sweep sees it.
      this.logger.warn(`could not replace job ${queued.id}: ${(error as Error).message}`);
      return 'leave';
    }
  }
}
