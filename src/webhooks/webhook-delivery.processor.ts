import { Injectable, Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { JobHandlers, JobProcessor, postpone } from '../queue/job-processor';
import { QUEUE } from '../queue/queue.registry';
import { type AttemptResult, type BatchResult, type DrainResult, WebhookDeliveryService } from './webhook-delivery.service';

const INFRASTRUCTURE_RETRY_MS = 5000;

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
 * already written to Postgres as next_attempt_at). Other errors are postponed by the handler; one
 * that still escapes (Redis failing mid-postpone) backs off exponentially.
 */
export function webhookBackoff(attemptsMade: number, _type?: string, error?: Error): number {
  if (error instanceof RetryDeliveryError) return error.delayMs;
  return Math.min(1000 * 2 ** Math.max(0, attemptsMade - 1), 60_000);
}

@Injectable()
export class WebhookDeliveryProcessor extends JobProcessor {
  readonly queue = QUEUE.webhooks;
  override readonly backoffStrategy = webhookBackoff;
  private readonly logger = new Logger(WebhookDeliveryProcessor.name);

  protected readonly handlers: JobHandlers = {
    'deliver-webhook': async ({ deliveryId, round }, job) => {
      let result: AttemptResult;
      try {
        result = await this.delivery.attempt(deliveryId, round);
      } catch (error) {
        return this.postponeAfterOurFailure(job, `delivery ${deliveryId} round ${round}`, error);
      }
      // Not an attempt (endpoint at its cap, another attempt's claim, not yet due): no retry used up.
      if (result.kind === 'postpone') return postpone(job, result.delayMs);
      if (result.kind === 'retry') throw new RetryDeliveryError(result.delayMs, result.error);
      return result.kind;
    },
    'deliver-webhooks': async ({ endpointId, deliveryIds, rounds }, job) => {
      let result: BatchResult;
      try {
        result = await this.delivery.deliverBatch(
          endpointId,
          deliveryIds.map((deliveryId, index) => ({ deliveryId, round: rounds[index] })),
        );
      } catch (error) {
        return this.postponeAfterOurFailure(job, `${deliveryIds.length} deliveries to endpoint ${endpointId}`, error);
      }
      if (result.kind === 'postpone') return postpone(job, result.delayMs);
      return result;
    },
    'drain-webhook-endpoint': async ({ endpointId }, job) => {
      let result: DrainResult;
      try {
        result = await this.delivery.drainEndpoint(endpointId);
      } catch (error) {
        return this.postponeAfterOurFailure(job, `draining endpoint ${endpointId}`, error);
      }
      // Handed off (or no free slot): the same job drains on later, nothing is lost meanwhile.
      if (result.kind === 'postpone') return postpone(job, result.delayMs);
      return result;
    },
    'drain-webhook-endpoints': async ({ jobs }) => {
      const result = await this.delivery.drainEndpoints(jobs);
      for (const { endpointId, message } of result.failures) this.logger.warn(`draining endpoint ${endpointId} postponed: ${message}`);
      return { endpoints: result.endpoints, continued: result.continued };
    },
  };

  /**
   * Our side failed (Postgres unreachable, ...), not the receiver: the job runs again later without
   * using up a retry, however long the outage lasts; the deliveries stay pending, and an attempt
   * claimed but not recorded is made again once its claim lapses.
   */
  private postponeAfterOurFailure(job: Job, what: string, error: unknown): Promise<never> {
    this.logger.warn(`${what} postponed: ${(error as Error).message}`);
    return postpone(job, INFRASTRUCTURE_RETRY_MS + Math.floor(Math.random() * INFRASTRUCTURE_RETRY_MS));
  }

  constructor(private readonly delivery: WebhookDeliveryService) {
    super();
  }
}
