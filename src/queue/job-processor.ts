import { Logger } from '@nestjs/common';
import { WorkerHost } from '@nestjs/bullmq';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { isInfrastructureError } from '../database/infrastructure-error';
import { type JobName, type JobPayloads, type QueueName, jobsOfQueue } from './queue.registry';
import { ThrottledErrorLog } from './throttled-error-log';

export type JobHandlers = { [K in JobName]?: (payload: JobPayloads[K], job: Job) => Promise<unknown> };

/** Base delay before a job postponed by an outage runs again (jittered up to twice as long). */
export const POSTPONE_ON_OUTAGE_MS = 5000;

/** Runs the job again after `delayMs` without counting a BullMQ attempt. */
export async function postpone(job: Job, delayMs: number): Promise<never> {
  await job.moveToDelayed(Date.now() + delayMs, job.token);
  throw new DelayedError();
}

/**
 * A queue's processor: one handler per job name of its queue (checked at boot by WorkerModule).
 * A handler that fails because Postgres or Redis is unreachable is postponed instead of retried:
 * the outage does not use up the job's attempts, however long it lasts (the job keeps its id, so
 * nothing is doubled). Every other error counts an attempt, with the registry's backoff.
 */
export abstract class JobProcessor extends WorkerHost {
  abstract readonly queue: QueueName;
  protected abstract readonly handlers: JobHandlers;
  private readonly outageLog = new ThrottledErrorLog(new Logger(JobProcessor.name), 'job postponed, infrastructure unavailable');

  handles(job: JobName): boolean {
    return jobsOfQueue(this.queue).includes(job);
  }

  /** Job names of this processor's queue that have no handler. */
  missingHandlers(): JobName[] {
    return jobsOfQueue(this.queue).filter((name) => this.handlers[name] === undefined);
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as JobName] as ((payload: unknown, job: Job) => Promise<unknown>) | undefined;
    if (!handler) throw new UnrecoverableError(`no handler for job ${job.name} on queue ${this.queue}`);
    try {
      return await handler(job.data, job);
    } catch (error) {
      if (error instanceof DelayedError || !isInfrastructureError(error)) throw error;
      this.outageLog.report(error as Error);
      return postpone(job, POSTPONE_ON_OUTAGE_MS + Math.floor(Math.random() * POSTPONE_ON_OUTAGE_MS));
    }
  }
}
