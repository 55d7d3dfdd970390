import { WorkerHost } from '@nestjs/bullmq';
import { type Job, UnrecoverableError } from 'bullmq';
import { type JobName, type JobPayloads, type QueueName, jobsOfQueue } from './queue.registry';

export type JobHandlers = { [K in JobName]?: (payload: JobPayloads[K], job: Job) => Promise<unknown> };

/** A queue's processor: one handler per job name of its queue (checked at boot by WorkerModule). */
export abstract class JobProcessor extends WorkerHost {
  abstract readonly queue: QueueName;
  protected abstract readonly handlers: JobHandlers;

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
    return handler(job.data, job);
  }
}
