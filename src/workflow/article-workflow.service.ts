import { Injectable } from '@nestjs/common';
import { WebhookEventRecorder } from '../webhooks/webhook-event-recorder';
import type { ClaimStatus } from './claim-status';
import { ArticleStatus, canTransitionArticle, rolledUpArticleStatus } from './article-status';
import { ArticleSummaryRow } from './article.entity';
import { ArticleRepository } from './article.repository';

/** The only place an article changes status; callers hold a transaction with the article locked. */
@Injectable()
export class ArticleWorkflow {
  constructor(
    private readonly articles: ArticleRepository,
    private readonly events: WebhookEventRecorder,
  ) {}

  async moveTo(
    article: ArticleSummaryRow,
    to: ArticleStatus,
    change: { reason?: string; detectedLanguage?: string } = {},
  ): Promise<boolean> {
    if (article.status === to || !canTransitionArticle(article.status, to)) return false;
    const reason = change.reason ?? null;
    await this.articles.changeStatus(article, to, reason, change.detectedLanguage ?? null);
    article.language ??= change.detectedLanguage ?? null;
    if (to === 'completed') {
      await this.events.record([{ newsroomId: article.newsroom_id, type: 'article.completed', data: { articleId: article.id } }]);
    } else if (to === 'failed') {
      await this.events.record([{ newsroomId: article.newsroom_id, type: 'article.failed', data: { articleId: article.id, reason } }]);
    }
    article.status = to;
    return true;
  }

  /** Recomputes the article's status from its claims (after a claim changed); pass them when known to skip reading them. */
  async rollUp(article: ArticleSummaryRow, claimStatuses?: Iterable<ClaimStatus>): Promise<void> {
    const next = rolledUpArticleStatus(article.status, claimStatuses ?? (await this.articles.claimStatuses(article.id)));
    await this.moveTo(article, next);
  }
}
