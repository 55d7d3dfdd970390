import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { PeriodicTask } from '../common/periodic-task';
import { type Listener, PgListenerFactory } from '../database/pg-listener';
import { TransactionHost } from '../database/transaction-host';
import { groupForRelay, type RelayedJob } from './outbox-batches';
import { type OutboxRow, OutboxRepository } from './outbox.repository';
import { QueueDirectory } from './queue-directory';
import { ThrottledErrorLog } from './throttled-error-log';
import { isBatchable, JOBS, QueueName } from './queue.registry';

const BATCH_SIZE = 500;
const ENQUEUE_TIMEOUT_MS = 5000;
const MAX_BACKOFF_MS = 5000;

/**
 * Moves committed outbox rows into BullMQ. Rows are deleted in the same transaction that enqueued
 * them, so a crash or a Redis outage leaves them for the next pass; BullMQ ignores a job id it still
 * holds, so a replay after a crash between enqueue and commit does not duplicate work.
 */
@Injectable()
export class OutboxRelay extends PeriodicTask {
  private readonly listener: Listener;
  private failures = 0;
  private held = 0;
  /** A commit's notification asked for the next drain (else it is a poll, which looks before it locks). */
  private notified = false;
  /**
   * The last drain relayed or held rows. When it found none (another process's relay took them: every
   * relay hears every commit), the next notification also looks before it opens a drain.
   */
  private lastDrainFoundRows = true;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly outbox: OutboxRepository,
    private readonly queues: QueueDirectory,
    listeners: PgListenerFactory,
  ) {
    super(OutboxRelay.name, config.outboxPollMs, 'outbox relay failed');
    // Commits that wrote outbox rows wake the relay at once (not while it backs off from a failure);
    // polling remains the safety net.
    this.listener = listeners.listen('claimflow_outbox', {
      onNotification: () => {
        this.notified = true;
        if (this.failures === 0) this.loop.wake();
      },
    });
  }

  onApplicationBootstrap(): void {
    const errors = new ThrottledErrorLog(this.logger, 'queue');
    for (const queue of this.queues.all()) queue.on('error', errors.report);
    super.onApplicationBootstrap();
    this.listener.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await super.beforeApplicationShutdown();
    await this.listener.stop();
  }

  /**
   * Relays every due row; returns how many were enqueued. Due extraction and verification rows go
   * in batch jobs (outbox-batches.ts); while their queue has a backlog, a partial batch is held back
   * for more rows, up to JOB_BATCH_HOLD_MS (`held` says how many are waiting).
   */
  async drain(): Promise<number> {
    let total = 0;
    this.held = 0;
    for (;;) {
      const { moved, held } = await this.tx.run(async () => {
        const rows = await this.outbox.lockDue(BATCH_SIZE);
        if (rows.length === 0) return { moved: 0, held: 0 };
        const backlogged = await this.backlogs(rows);
        const { jobs, held } = groupForRelay(rows, {
          batchSize: this.config.jobBatchSize,
          holdMs: this.config.jobBatchHoldMs,
          backlogged: (queue) => backlogged.has(queue),
        });
        const byQueue = new Map<string, RelayedJob[]>();
        for (const job of jobs) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job]);
        await Promise.all(
          [...byQueue].map(([queueName, queued]) =>
            withTimeout(
              this.queues.get(queueName as QueueName).addBulk(
                queued.map((job) => ({
                  name: job.name,
                  data: job.data,
                  opts: { ...JOBS[job.name].options(this.config), jobId: job.jobId },
                })),
              ),
              ENQUEUE_TIMEOUT_MS,
            ),
          ),
        );
        const relayed = jobs.flatMap((job) => job.rowIds);
        if (relayed.length > 0) await this.outbox.remove(relayed);
        return { moved: relayed.length, held: held.length };
      });
      total += moved;
      this.held = held;
      this.lastDrainFoundRows = total + held > 0;
      if (moved + held < BATCH_SIZE || !this.loop.running) return total;
    }
  }

  /** Queues of batchable rows that have jobs waiting (one Redis call per such queue, none otherwise). */
  private async backlogs(rows: OutboxRow[]): Promise<Set<string>> {
    if (this.config.jobBatchSize <= 1) return new Set();
    const queues = [...new Set(rows.filter((row) => isBatchable(row.job_name)).map((row) => row.queue))];
    const waiting = await Promise.all(
      queues.map((queue) => withTimeout(this.queues.get(queue as QueueName).getWaitingCount(), ENQUEUE_TIMEOUT_MS)),
    );
    return new Set(queues.filter((_, index) => waiting[index] > 0));
  }

  /** One pass of the loop: drain; after a failure, back off exponentially (up to MAX_BACKOFF_MS). */
  protected async tick(): Promise<number | void> {
    // A poll mostly finds nothing: one statement says so, instead of a transaction of three. Held
    // rows are due, so a hold's timed re-drain goes on as before. A notification after a drain that
    // found nothing looks too, at rows no other relay has locked.
    const polled = !this.notified;
    this.notified = false;
    try {
      const look = polled ? () => this.outbox.anyDue() : this.lastDrainFoundRows ? null : () => this.outbox.anyUnlockedDue();
      if (!look || (await look())) await this.drain();
      else this.held = 0;
      this.failures = 0;
      // Held rows go out within JOB_BATCH_HOLD_MS even if no commit wakes the relay.
      if (this.held > 0) return Math.min(this.config.jobBatchHoldMs, this.config.outboxPollMs);
    } catch (error) {
      this.failures += 1;
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.logger.warn(`outbox relay failed (${this.failures}x), retrying: ${(error as Error).message}`);
      }
      return Math.min(100 * 2 ** this.failures, MAX_BACKOFF_MS);
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
