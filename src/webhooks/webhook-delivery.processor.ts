import { Processor } from '@nestjs/bullmq';
import { DelayedError } from 'bullmq';
import { JobHandlers, JobProcessor } from '../queue/job-processor';
import { QUEUE } from '../queue/queue.registry';
import { WebhookDeliveryService } from './webhook-delivery.service';

/** Thrown to have BullMQ run the same round's job again after `delayMs` (the 'webhook' backoff). */
export class RetryDeliveryError extends Error {
  constructor(
    readonly delayMs: number,
    message: string,
  ) {
    super(message);
    this.name = 'RetryDeliveryError';
  }
}

/**
 * The registry's 'webhook' backoff: the delay the attempt decided on (schedule and Retry-After,
 * already written to Postgres as next_attempt_at). Any other error (Postgres down, ...) backs off
 * exponentially so it does not burn the round's attempts at once.
 */
export function webhookBackoff(attemptsMade: number, _type?: string, error?: Error): number {
  if (error instanceof RetryDeliveryError) return error.delayMs;
  return Math.min(1000 * 2 ** Math.max(0, attemptsMade - 1), 60_000);
}

@Processor(QUEUE.webhooks, { autorun: false, settings: { backoffStrategy: webhookBackoff }, maxStalledCount: 10 })
export class WebhookDeliveryProcessor extends JobProcessor {
  readonly queue = QUEUE.webhooks;

  protected readonly handlers: JobHandlers = {
    'deliver-webhook': async ({ deliveryId, round }, job) => {
      const result = await this.delivery.attempt(deliveryId, round);
      if (result.kind === 'busy') {
        // Not an attempt: wait for the endpoint's slot without using one of the round's retries.
        await job.moveToDelayed(Date.now() + result.delayMs, job.token);
        throw new DelayedError();
      }
      if (result.kind === 'retry') throw new RetryDeliveryError(result.delayMs, result.error);
      return result.kind;
    },
  };

  constructor(private readonly delivery: WebhookDeliveryService) {
    super();
  }
}
