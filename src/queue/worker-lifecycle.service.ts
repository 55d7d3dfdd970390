import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { hostname } from 'node:os';
import type { Worker } from 'bullmq';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { JobProcessor } from './job-processor';
import { ThrottledErrorLog } from './throttled-error-log';
import { JOB_NAMES, QUEUE, QueueName } from './queue.registry';

/**
 * Refuses to boot when a registered job has no handler, applies per-queue settings, starts the
 * workers (processors are declared with autorun off so settings apply before the first job), and on
 * shutdown stops taking jobs and waits for the running ones before connections close.
 */
@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerLifecycle.name);
  private processors: JobProcessor[] = [];
  private readonly connectionErrors = new ThrottledErrorLog(this.logger, 'queue worker');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
  ) {}

  onApplicationBootstrap(): void {
    this.processors = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is JobProcessor => instance instanceof JobProcessor);
    const missing = JOB_NAMES.filter(
      (job) => !this.processors.some((processor) => !processor.missingHandlers().includes(job) && processor.handles(job)),
    );
    if (missing.length > 0) throw new Error(`worker cannot start: no handler for job(s) ${missing.join(', ')}`);
    const concurrency: Record<QueueName, number> = {
      [QUEUE.extraction]: this.config.extractionConcurrency,
      [QUEUE.verification]: this.config.verificationConcurrency,
      [QUEUE.webhooks]: this.config.webhookConcurrency,
    };
    for (const processor of this.processors) {
      // WORKER_QUEUES: a processor of another queue stays registered (its handlers are checked above) but never runs here.
      if (!this.config.workerQueues.includes(processor.queue)) continue;
      const worker = processor.worker;
      worker.concurrency = concurrency[processor.queue];
      worker.on('error', this.connectionErrors.report);
      applyCrashTimings(worker, this.config.jobLockMs, this.config.jobStalledCheckMs);
      if (!worker.isRunning())
        void worker.run().catch((error: Error) => this.logger.error(`worker for ${processor.queue} stopped: ${error.message}`));
    }
    this.logger.log(`processing ${this.config.workerQueues.join(', ')}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.processors.map((processor) => processor.worker.close()));
  }
}

/** A job may stall (its worker killed, or its lock lost) this often before BullMQ fails it; handlers are idempotent. */
const MIN_MAX_STALLED_COUNT = 5;

/**
 * A killed worker's jobs are back in their queue within lockMs + stalledCheckMs: the lock it held
 * lapses after lockMs at most (it is renewed every lockMs / 2), and every worker process runs the
 * stalled check of each of its queues every stalledCheckMs on its own timer (BullMQ runs one check
 * per Worker, so a process busy on other queues still checks this one). A job seen in one check is
 * moved back at the first check after its lock is gone. BullMQ's defaults (30 s and 30 s) made that
 * up to about a minute. The lock manager copies its timings when the Worker is built (by the
 * @Processor decorator, before the configuration is at hand), so it is rebuilt here, before run().
 */
export function applyCrashTimings(worker: Worker, lockMs: number, stalledCheckMs: number): void {
  worker.opts.lockDuration = lockMs;
  worker.opts.lockRenewTime = lockMs / 2;
  worker.opts.stalledInterval = stalledCheckMs;
  worker.opts.maxStalledCount = Math.max(worker.opts.maxStalledCount ?? 1, MIN_MAX_STALLED_COUNT);
  // Shown as a job's processedBy: which process ran (or holds) it.
  worker.opts.name ??= `${hostname()}:${process.pid}`;
  (worker as unknown as { createLockManager(): void }).createLockManager();
}
