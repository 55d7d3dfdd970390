import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionHost } from '../database/transaction-host';
import { EndpointConcurrencyLimiter } from './endpoint-concurrency-limiter';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { honoursRetryAfter, nextAttemptDelay } from './webhook-retry';
import { AttemptOutcome, WebhookSender } from './webhook-sender';
import { signedHeaders } from './webhook-signature';
import { DeliveryAttemptRow } from './webhook.entity';

export type AttemptResult =
  | { kind: 'skipped' }
  | { kind: 'delivered' }
  | { kind: 'failed' }
  | { kind: 'retry'; delayMs: number; error: string }
  | { kind: 'busy'; delayMs: number };

/**
 * One attempt of one delivery round: count it in Postgres (atomically, before sending), sign the stored body, POST it, record
 * the outcome and decide what comes next. Postgres holds the truth (status, attempts, next attempt);
 * the queue only carries the timer.
 */
@Injectable()
export class WebhookDeliveryService implements OnModuleDestroy {
  private readonly sender: WebhookSender;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly limiter: EndpointConcurrencyLimiter,
  ) {
    this.sender = new WebhookSender({ timeoutMs: config.webhookTimeoutMs, allowPrivateNetworks: config.webhookAllowPrivateNetworks });
  }

  onModuleDestroy(): void {
    this.sender.close();
  }

  async attempt(deliveryId: string, round: number): Promise<AttemptResult> {
    const attempt = await this.deliveries.startAttempt(deliveryId, round);
    if (!attempt) {
      const target = await this.deliveries.target(deliveryId);
      if (target && target.status === 'pending' && target.round === round && !target.endpoint_active) {
        await this.deliveries.stop(deliveryId, round, 'endpoint disabled or deleted');
      }
      return { kind: 'skipped' };
    }
    const slot = await this.limiter.acquire(attempt.endpoint_id);
    if (!slot) {
      await this.deliveries.uncountAttempt(deliveryId, round);
      return { kind: 'busy', delayMs: this.limiter.busyDelayMs() };
    }
    try {
      const secrets = attempt.previous_secret ? [attempt.secret, attempt.previous_secret] : [attempt.secret];
      const outcome = await this.sender.send({
        url: attempt.url,
        body: attempt.body,
        headers: { ...signedHeaders(secrets, attempt.event_id, attempt.body) },
      });
      if (!outcome.ok) return await this.failed(attempt, round, outcome);
      await this.deliveries.recordSuccess(attempt.id, round, outcome.statusCode!, attempt.endpoint_id);
      return { kind: 'delivered' };
    } finally {
      await this.limiter.release(slot);
    }
  }

  private async failed(attempt: DeliveryAttemptRow, round: number, outcome: AttemptOutcome): Promise<AttemptResult> {
    const gone = outcome.statusCode === 410;
    const retryAfterMs = outcome.statusCode !== null && honoursRetryAfter(outcome.statusCode) ? outcome.retryAfterMs : null;
    const delayMs = gone ? null : nextAttemptDelay(attempt.round_attempts, this.config.webhookRetryDelaysMs, retryAfterMs);
    const error = outcome.error ?? 'failed';
    await this.tx.run(async () => {
      await this.deliveries.recordFailure(attempt.id, round, { statusCode: outcome.statusCode, error }, delayMs);
      const failingSince = await this.endpoints.markFailing(attempt.endpoint_id);
      const reason = gone
        ? 'the endpoint answered 410 Gone'
        : Date.now() - failingSince.getTime() >= this.config.webhookDisableAfterMs
          ? `every attempt has failed since ${failingSince.toISOString()} (longer than ${formatDuration(this.config.webhookDisableAfterMs)})`
          : null;
      if (reason && (await this.endpoints.disable(attempt.endpoint_id, reason))) {
        await this.deliveries.failPending(attempt.endpoint_id, `endpoint disabled: ${reason}`);
      }
    });
    return delayMs === null ? { kind: 'failed' } : { kind: 'retry', delayMs, error };
  }
}

function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  return `${ms} ms`;
}
