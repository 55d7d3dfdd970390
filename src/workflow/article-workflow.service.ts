import { Injectable } from '@nestjs/common';
import { type RecordedEvent, WebhookEventRecorder } from '../webhooks/webhook-event-recorder';
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
    return (await this.moveMany([{ article, to, ...change }])).length === 1;
  }

  /**
   * Several locked articles, each to its own status, set-wise: one statement for the rows and their
   * history, one event recording for those that completed or failed. Returns the articles that moved
   * (an article already there, or a move the state machine refuses, is left alone).
   */
  async moveMany(moves: Array<{ article: ArticleSummaryRow; to: ArticleStatus; reason?: string; detectedLanguage?: string }>) {
    const moving = moves.filter(({ article, to }) => article.status !== to && canTransitionArticle(article.status, to));
    if (moving.length === 0) return [];
    await this.articles.changeStatusMany(
      moving.map(({ article, to, reason, detectedLanguage }) => ({
        article,
        to,
        reason: reason ?? null,
        detectedLanguage: detectedLanguage ?? null,
      })),
    );
    const events: RecordedEvent[] = [];
    for (const { article, to, reason, detectedLanguage } of moving) {
      article.language ??= detectedLanguage ?? null;
      article.status = to;
      if (to === 'completed') events.push({ newsroomId: article.newsroom_id, type: 'article.completed', data: { articleId: article.id } });
      else if (to === 'failed')
        events.push({ newsroomId: article.newsroom_id, type: 'article.failed', data: { articleId: article.id, reason: reason ?? null } });
    }
    await this.events.record(events);
    return moving.map((move) => move.article);
  }

  /** Recomputes the article's status from its claims (after a claim changed); pass them when known to skip reading them. */
  async rollUp(article: ArticleSummaryRow, claimStatuses?: Iterable<ClaimStatus>): Promise<void> {
    await this.rollUpMany([{ article, claimStatuses }]);
  }

  /** rollUp for several locked articles, set-wise. */
  async rollUpMany(items: Array<{ article: ArticleSummaryRow; claimStatuses?: Iterable<ClaimStatus> }>): Promise<void> {
    const moves = [];
    for (const { article, claimStatuses } of items) {
      moves.push({ article, to: rolledUpArticleStatus(article.status, claimStatuses ?? (await this.articles.claimStatuses(article.id))) });
    }
    await this.moveMany(moves);
  }
}
