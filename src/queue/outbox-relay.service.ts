import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { PeriodicTask } from '../common/periodic-task';
import { type Listener, PgListenerFactory } from '../database/pg-listener';
import { TransactionHost } from '../database/transaction-host';
import { OutboxRepository } from './outbox.repository';
import { QueueDirectory } from './queue-directory';
import { ThrottledErrorLog } from './throttled-error-log';
import { JOBS, QueueName } from './queue.registry';

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

  /** Relays every due row; returns how many were enqueued. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.tx.run(async () => {
        const rows = await this.outbox.lockDue(BATCH_SIZE);
        if (rows.length === 0) return 0;
        const byQueue = new Map<string, typeof rows>();
        for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
        await Promise.all(
          [...byQueue].map(([queueName, queued]) =>
            withTimeout(
              this.queues.get(queueName as QueueName).addBulk(
                queued.map((row) => ({
                  name: row.job_name,
                  data: row.payload,
                  opts: { ...JOBS[row.job_name].options(this.config), jobId: row.job_id },
                })),
              ),
              ENQUEUE_TIMEOUT_MS,
            ),
          ),
        );
        await this.outbox.remove(rows.map((row) => row.id));
        return rows.length;
      });
      total += moved;
      if (moved < BATCH_SIZE || !this.loop.running) return total;
    }
  }

  /** One pass of the loop: drain; after a failure, back off exponentially (up to MAX_BACKOFF_MS). */
  protected async tick(): Promise<number | void> {
    try {
      await this.drain();
      this.failures = 0;
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
