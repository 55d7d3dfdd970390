import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { PeriodicLoop } from '../common/periodic-loop';
import { TransactionHost } from '../database/transaction-host';
import { ArticleRepository } from '../articles/article.repository';
import { ClaimRepository } from '../claims/claim.repository';
import { OutboxJob, OutboxRepository } from '../queue/outbox.repository';
import { WebhookDeliveryRepository } from '../webhooks/webhook-delivery.repository';

/** Rows of each kind re-queued per sweep. */
const BATCH = 500;

export interface RecoveredWork {
  articles: number;
  claimBatches: number;
  deliveries: number;
}

/**
 * Postgres holds the truth; a queued job is only a reminder. When Redis loses jobs (a restart
 * without persistence, a failover, a flush), the rows they were about stay where they were. Every
 * RECOVERY_SWEEP_MS this finds work untouched for RECOVER_AFTER_MS (articles before their claims,
 * claims pending or verifying, deliveries overdue) and queues its job again through the outbox, under
 * the same job id: BullMQ ignores a job it still holds, so work that is merely waiting in a backlog
 * is not doubled, and handlers are idempotent anyway.
 */
@Injectable()
export class WorkRecovery implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkRecovery.name);
  private readonly loop: PeriodicLoop;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly articles: ArticleRepository,
    private readonly claims: ClaimRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly outbox: OutboxRepository,
  ) {
    this.loop = new PeriodicLoop(
      config.recoverySweepMs,
      async () => void (await this.recover()),
      (error) => this.logger.warn(`work recovery failed: ${error.message}`),
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  async recover(): Promise<RecoveredWork> {
    const after = this.config.recoverAfterMs;
    const found = await this.tx.run(async () => {
      const articles = await this.articles.stalledBeforeClaims(after, BATCH);
      const claimBatches = await this.claims.stalledInVerification(after, BATCH);
      const deliveries = await this.deliveries.stalledPending(after, BATCH);
      const jobs: OutboxJob[] = [
        ...articles.map((articleId): OutboxJob => ({ name: 'extract-article', payload: { articleId } })),
        ...claimBatches.map((batch): OutboxJob => ({
          name: 'verify-claims',
          payload: { articleId: batch.article_id, claimIds: batch.claim_ids },
        })),
        ...deliveries.map((delivery): OutboxJob => ({
          name: 'deliver-webhook',
          payload: { deliveryId: delivery.id, round: delivery.round },
        })),
      ];
      await this.outbox.add(jobs);
      return { articles: articles.length, claimBatches: claimBatches.length, deliveries: deliveries.length };
    });
    if (found.articles + found.claimBatches + found.deliveries > 0) {
      this.logger.log(
        `queued again (idle over ${after} ms): ${found.articles} article(s), ${found.claimBatches} claim batch(es), ${found.deliveries} delivery(ies)`,
      );
    }
    return found;
  }
}
