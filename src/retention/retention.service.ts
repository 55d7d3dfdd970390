import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { PeriodicTask } from '../common/periodic-task';
import { RETENTION_POLICIES, RetentionPolicy, RetentionRepository } from './retention.repository';

/** Batches per policy per sweep, so one sweep never runs for long; the next one goes on. */
const MAX_BATCHES_PER_SWEEP = 200;

export type PurgeCounts = Record<keyof typeof RETENTION_POLICIES, number>;

/**
 * Keeps finished bookkeeping from growing without bound: every RETENTION_SWEEP_MS the worker purges
 * delivered and failed webhook deliveries older than WEBHOOK_DELIVERY_RETENTION_HOURS, then the
 * events none of whose deliveries remain, and Idempotency-Key records older than
 * IDEMPOTENCY_KEY_RETENTION_HOURS, in batches of RETENTION_BATCH_SIZE rows that lock only themselves.
 * Any number of worker processes may run it at once (SKIP LOCKED: they share the rows).
 */
@Injectable()
export class RetentionService extends PeriodicTask {
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: RetentionRepository,
  ) {
    super(RetentionService.name, config.retention.sweepMs, 'retention purge failed');
  }

  protected async tick(): Promise<void> {
    await this.purge();
  }

  /** A sweep under way stops between batches. */
  beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    return super.beforeApplicationShutdown();
  }

  /** One sweep over every policy (deliveries before their events); returns the rows purged per policy. */
  async purge(): Promise<PurgeCounts> {
    const { webhookDeliveryHours, idempotencyKeyHours } = this.config.retention;
    const counts: PurgeCounts = {
      webhookDeliveries: await this.purgeAll(RETENTION_POLICIES.webhookDeliveries, webhookDeliveryHours),
      webhookEvents: await this.purgeAll(RETENTION_POLICIES.webhookEvents, webhookDeliveryHours),
      idempotencyKeys: await this.purgeAll(RETENTION_POLICIES.idempotencyKeys, idempotencyKeyHours),
    };
    const purged = Object.entries(counts).filter(([, count]) => count > 0);
    if (purged.length > 0) this.logger.log(`purged ${purged.map(([name, count]) => `${count} ${name}`).join(', ')}`);
    return counts;
  }

  private async purgeAll(policy: RetentionPolicy, hours: number): Promise<number> {
    const limit = this.config.retention.batchSize;
    let total = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_SWEEP && !this.stopping; batch++) {
      const deleted = await this.repository.purgeBatch(policy, hours, limit);
      total += deleted;
      if (deleted < limit) break;
    }
    return total;
  }
}
