import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
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
      const worker = processor.worker;
      worker.concurrency = concurrency[processor.queue];
      worker.on('error', this.connectionErrors.report);
      // A crashed worker's jobs return to the queue once their lock lapses (then the stalled check runs).
      worker.opts.lockDuration = this.config.jobLockMs;
      worker.opts.stalledInterval = this.config.jobLockMs;
      if (!worker.isRunning())
        void worker.run().catch((error: Error) => this.logger.error(`worker for ${processor.queue} stopped: ${error.message}`));
    }
    this.logger.log(`processing ${this.processors.map((processor) => processor.queue).join(', ')}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.processors.map((processor) => processor.worker.close()));
  }
}
