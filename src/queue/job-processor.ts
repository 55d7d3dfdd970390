import { Inject, Logger, Optional } from '@nestjs/common';
import { type BackoffStrategy, DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import type { Bindings } from 'pino';
import { isInfrastructureError } from '../database/infrastructure-error';
import { type JobOutcome, recordJobRun, recordJobSettled } from './job-metrics';
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
 * A queue's processor: one handler per job name of its queue (checked at boot by QueueWorkers, which
 * builds the queue's Worker with the registry's options and this processor's `process`).
 * A handler that fails because Postgres or Redis is unreachable is postponed instead of retried:
 * the outage does not use up the job's attempts, however long it lasts (the job keeps its id, so
 * nothing is doubled). Every other error counts an attempt, with the registry's backoff. Every
 * run is timed and counted, and every line logged while it runs carries the queue, job name, job id,
 * attempt and the ids of its payload (articleId, claimId, deliveryId, ...).
 */
export abstract class JobProcessor {
  abstract readonly queue: QueueName;
  protected abstract readonly handlers: JobHandlers;
  /** The Worker's strategy for the custom backoff types its queue's jobs name in the registry. */
  readonly backoffStrategy?: BackoffStrategy;
  private readonly outageLog = new ThrottledErrorLog(new Logger(JobProcessor.name), 'job postponed, infrastructure unavailable');
  private readonly jobLogger = new Logger('Job');

  /** nestjs-pino's logger (global); absent where a processor is built without the logging module. */
  @Optional()
  @Inject(PinoLogger)
  private readonly pino?: PinoLogger;

  handles(job: JobName): boolean {
    return jobsOfQueue(this.queue).includes(job);
  }

  /** Job names of this processor's queue that have no handler. */
  missingHandlers(): JobName[] {
    return jobsOfQueue(this.queue).filter((name) => this.handlers[name] === undefined);
  }

  process(job: Job): Promise<unknown> {
    const run = () => this.run(job);
    return this.pino ? this.pino.runInContext(run, { bindings: jobLogBindings(this.queue, job) }) : run();
  }

  private async run(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as JobName] as ((payload: unknown, job: Job) => Promise<unknown>) | undefined;
    const attempt = job.attemptsMade + 1;
    const started = process.hrtime.bigint();
    const finish = (outcome: JobOutcome) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      recordJobRun(this.queue, job.name, outcome, seconds);
      return Math.round(seconds * 1000);
    };
    try {
      if (!handler) throw new UnrecoverableError(`no handler for job ${job.name} on queue ${this.queue}`);
      const result = await handler(job.data, job);
      const durationMs = finish('completed');
      recordJobSettled(this.queue, job.name, 'completed', attempt);
      this.jobLogger.log({ msg: 'job completed', durationMs });
      return result;
    } catch (error) {
      if (error instanceof DelayedError) {
        finish('postponed');
        throw error;
      }
      if (isInfrastructureError(error)) {
        finish('postponed');
        this.outageLog.report(error as Error);
        return postpone(job, POSTPONE_ON_OUTAGE_MS + Math.floor(Math.random() * POSTPONE_ON_OUTAGE_MS));
      }
      const durationMs = finish('failed');
      const final = error instanceof UnrecoverableError || attempt >= (job.opts.attempts ?? 1);
      if (final) recordJobSettled(this.queue, job.name, 'failed', attempt);
      const message = (error as Error)?.message ?? String(error);
      if (final) this.jobLogger.error({ msg: 'job failed, no attempts left', durationMs, error: message });
      else this.jobLogger.warn({ msg: 'job failed, will be retried', durationMs, error: message });
      throw error;
    }
  }
}

/** The fields every log line of a job run carries: where it runs, which job, and the ids it is about. */
export function jobLogBindings(queue: string, job: Job): Bindings {
  const ids = Object.fromEntries(
    Object.entries((job.data ?? {}) as Record<string, unknown>).filter(
      ([, value]) => typeof value === 'string' || typeof value === 'number',
    ),
  );
  return { queue, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1, ...ids };
}
