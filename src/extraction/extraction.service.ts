import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionHost } from '../database/transaction-host';
import { ArticleRepository } from '../articles/article.repository';
import { ArticleWorkflow } from '../articles/article-workflow.service';
import { initialClaimStatus } from '../claims/claim-status';
import { ClaimRepository } from '../claims/claim.repository';
import { statusChangedEvent } from '../claims/claim-workflow.service';
import { OutboxRepository } from '../queue/outbox.repository';
import { WebhookEventRecorder } from '../webhooks/webhook-event-recorder';
import { extractClaims } from './text';

@Injectable()
export class ExtractionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly articles: ArticleRepository,
    private readonly articleWorkflow: ArticleWorkflow,
    private readonly claims: ClaimRepository,
    private readonly outbox: OutboxRepository,
    private readonly events: WebhookEventRecorder,
  ) {}

  /**
   * Splits an article into scored claims. Safe to run any number of times: claims, their events and
   * their verification jobs are written in one transaction that only runs while the article is
   * `extracting`, so a retried or duplicated job finds the work done and stops.
   */
  async extractArticle(articleId: string): Promise<'extracted' | 'skipped'> {
    const article = await this.tx.run(async () => {
      const locked = await this.articles.lock(articleId);
      if (locked?.status === 'received') await this.articleWorkflow.moveTo(locked, 'extracting');
      return locked;
    });
    if (!article || article.status !== 'extracting') return 'skipped';

    const result = extractClaims({ text: article.text, language: article.language ?? undefined }, this.config.checkworthyThreshold);

    return this.tx.run(async () => {
      const locked = await this.articles.lock(articleId);
      if (!locked || locked.status !== 'extracting') return 'skipped';
      if (!locked.language) await this.articles.setLanguage(articleId, result.language);
      const inserted = await this.claims.insertWithInitialEvents(
        result.claims.map((claim, seq) => ({
          id: randomUUID(),
          articleId,
          newsroomId: locked.newsroom_id,
          seq,
          text: claim.text,
          start: claim.start,
          end: claim.end,
          checkworthiness: claim.checkworthiness,
          language: result.language,
          contextBefore: claim.contextBefore,
          contextAfter: claim.contextAfter,
          status: initialClaimStatus(claim.checkworthy),
        })),
      );
      const pending = inserted.filter((claim) => claim.status === 'pending');
      await this.events.record([
        ...inserted.map((claim) => statusChangedEvent(claim, null)),
        {
          newsroomId: locked.newsroom_id,
          type: 'article.claims_extracted',
          data: { articleId, language: result.language, claimCount: inserted.length, checkworthyCount: pending.length },
        },
      ]);
      if (pending.length > 0) {
        await this.outbox.add([{ name: 'verify-claims', payload: { articleId, claimIds: pending.map((claim) => claim.id) } }]);
      }
      await this.articleWorkflow.rollUp(locked);
      return 'extracted';
    });
  }

  /** Ends the article `failed` once its extraction job has used every retry. */
  async markFailed(articleId: string, reason: string): Promise<void> {
    await this.tx.run(async () => {
      const locked = await this.articles.lock(articleId);
      if (locked) await this.articleWorkflow.moveTo(locked, 'failed', reason.slice(0, 1000));
    });
  }
}
