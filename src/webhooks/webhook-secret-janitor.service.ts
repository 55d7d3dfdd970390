import { Inject, Injectable } from '@nestjs/common';
import { PeriodicTask } from '../common/periodic-task';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';

const SWEEP_MS = 60_000;
const BATCH = 500;

/**
 * Keeps stored secrets tidy (worker): forgets previous secrets whose rotation window has ended, and
 * re-seals secrets sealed with an older WEBHOOK_SECRET_KEYS key (or still plain) under the primary
 * key, in batches. Once it logs that nothing is left to re-seal, an old key can leave the ring.
 */
@Injectable()
export class WebhookSecretJanitor extends PeriodicTask {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly endpoints: WebhookEndpointRepository,
  ) {
    super(WebhookSecretJanitor.name, SWEEP_MS, 'webhook secret sweep failed');
  }

  protected async tick(): Promise<void> {
    await this.sweep();
  }

  async sweep(): Promise<{ cleared: number; resealed: number }> {
    let cleared = 0;
    for (;;) {
      const count = await this.endpoints.clearExpiredPreviousSecrets(BATCH);
      cleared += count;
      if (count < BATCH) break;
    }
    const resealed = await this.endpoints.resealSecrets(this.config.webhookSecretKeys);
    if (resealed > 0) {
      this.logger.log(
        `re-sealed ${resealed} webhook secret(s) under key "${this.config.webhookSecretKeys.primaryId}"; none left under other keys`,
      );
    }
    return { cleared, resealed };
  }
}
