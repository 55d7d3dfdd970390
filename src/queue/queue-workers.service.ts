import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Worker } from 'bullmq';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { JobProcessor } from './job-processor';
import { BullConnection } from './queue.module';
import { JOB_NAMES, type JobName, type QueueName, jobsOfQueue } from './queue.registry';
import { ThrottledErrorLog } from './throttled-error-log';
import { workerLayout } from './worker-layout';
import { workerOptions } from './worker-options';

/** The queues an application runs instead of its config's main-loop ones (the webhook thread's: webhooks only). */
export const CONSUMED_QUEUES = Symbol('CONSUMED_QUEUES');

/**
 * Builds one BullMQ Worker per queue of WORKER_QUEUES that runs on this event loop (webhooks may have a
 * thread of their own: worker-layout.ts) from the registry's options and the queue's JobProcessor, and
 * starts them once the application is up. Refuses to boot when a registered job has no handler (in any
 * queue: a processor of another queue stays registered but never runs here; the webhook thread's
 * application holds the webhooks processor alone and checks its jobs). On shutdown it stops taking jobs
 * and waits for the running ones before connections close.
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly connectionErrors = new ThrottledErrorLog(this.logger, 'queue worker');
  private readonly workers = new Map<QueueName, Worker>();
  private readonly queues: readonly QueueName[];
  private readonly requiredJobs: readonly JobName[];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bull: BullConnection,
    private readonly discovery: DiscoveryService,
    @Optional() @Inject(CONSUMED_QUEUES) consumed?: readonly QueueName[],
  ) {
    this.queues = consumed ?? workerLayout(config).mainLoop;
    this.requiredJobs = consumed ? consumed.flatMap(jobsOfQueue) : JOB_NAMES;
  }

  onApplicationBootstrap(): void {
    const processors = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is JobProcessor => instance instanceof JobProcessor);
    const missing = this.requiredJobs.filter(
      (job) => !processors.some((processor) => processor.handles(job) && !processor.missingHandlers().includes(job)),
    );
    if (missing.length > 0) throw new Error(`worker cannot start: no handler for job(s) ${missing.join(', ')}`);
    for (const queue of this.queues) {
      const processor = processors.find((candidate) => candidate.queue === queue);
      if (!processor) throw new Error(`worker cannot start: no processor for queue ${queue}`);
      const options = workerOptions(queue, this.config, this.bull.connection, processor.backoffStrategy);
      const worker = new Worker(queue, (job) => processor.process(job), options);
      worker.on('error', this.connectionErrors.report);
      this.workers.set(queue, worker);
      void worker.run().catch((error: Error) => this.logger.error(`worker for ${queue} stopped: ${error.message}`));
    }
    this.logger.log(`processing ${this.queues.join(', ')}`);
  }

  /** The running Worker of a queue this process consumes. */
  of(queue: QueueName): Worker {
    const worker = this.workers.get(queue);
    if (!worker) throw new Error(`this process runs no worker for queue ${queue} (WORKER_QUEUES)`);
    return worker;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.close()));
  }
}
