import { Injectable } from '@nestjs/common';
import { WebhookEventRecorder } from '../webhooks/webhook-event-recorder';
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

  async moveTo(article: ArticleSummaryRow, to: ArticleStatus, reason: string | null = null): Promise<boolean> {
    if (article.status === to || !canTransitionArticle(article.status, to)) return false;
    await this.articles.changeStatus(article, to, reason);
    if (to === 'completed') {
      await this.events.record([{ newsroomId: article.newsroom_id, type: 'article.completed', data: { articleId: article.id } }]);
    } else if (to === 'failed') {
      await this.events.record([
        { newsroomId: article.newsroom_id, type: 'article.failed', data: { articleId: article.id, reason } },
      ]);
    }
    article.status = to;
    return true;
  }

  /** Recomputes the article's status from its claims (after a claim changed). */
  async rollUp(article: ArticleSummaryRow): Promise<void> {
    const next = rolledUpArticleStatus(article.status, await this.articles.claimStatuses(article.id));
    await this.moveTo(article, next);
  }
}
