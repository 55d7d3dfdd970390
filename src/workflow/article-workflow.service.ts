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
    return this.moveManyThrough(moves.map(({ article, ...step }) => ({ article, steps: [step] })));
  }

  /**
   * moveMany with several steps per article, taken in order (each checked by the state machine from
   * where the previous one left the article; a step to where it already is, or a refused one, is
   * skipped), still in one statement: an extraction takes an article through `extracting` to its
   * rolled-up status at once. Returns the articles that moved.
   */
  async moveManyThrough(moves: Array<{ article: ArticleSummaryRow; steps: ArticleStep[] }>): Promise<ArticleSummaryRow[]> {
    const changes: Parameters<ArticleRepository['changeStatusMany']>[0] = [];
    const moved: ArticleSummaryRow[] = [];
    for (const { article, steps } of moves) {
      let status = article.status;
      for (const { to, reason, detectedLanguage } of steps) {
        if (status === to || !canTransitionArticle(status, to)) continue;
        changes.push({ article, from: status, to, reason: reason ?? null, detectedLanguage: detectedLanguage ?? null });
        status = to;
      }
      if (status !== article.status) moved.push(article);
    }
    if (changes.length === 0) return [];
    await this.articles.changeStatusMany(changes);
    const events: RecordedEvent[] = [];
    for (const { article, to, reason, detectedLanguage } of changes) {
      article.language ??= detectedLanguage;
      article.status = to;
      if (to === 'completed') events.push({ newsroomId: article.newsroom_id, type: 'article.completed', data: { articleId: article.id } });
      else if (to === 'failed')
        events.push({ newsroomId: article.newsroom_id, type: 'article.failed', data: { articleId: article.id, reason } });
    }
    await this.events.record(events);
    return moved;
  }

  /** Recomputes the article's status from its claims (after a claim changed); pass them when known to skip reading them. */
  async rollUp(article: ArticleSummaryRow, claimStatuses?: Iterable<ClaimStatus>): Promise<void> {
    await this.rollUpMany([{ article, claimStatuses }]);
  }

  /** rollUp for several locked articles, set-wise. */
  async rollUpMany(items: Array<{ article: ArticleSummaryRow; claimStatuses?: Iterable<ClaimStatus> }>): Promise<void> {
    await this.moveThenRollUpMany(items.map((item) => ({ ...item, first: [] })));
  }

  /**
   * Each locked article takes its `first` steps, then goes to the status its claims roll up to from
   * there, all in one statement (pass the claims' statuses when known to skip reading them).
   */
  async moveThenRollUpMany(
    items: Array<{ article: ArticleSummaryRow; first: ArticleStep[]; claimStatuses?: Iterable<ClaimStatus> }>,
  ): Promise<ArticleSummaryRow[]> {
    const moves = [];
    for (const { article, first, claimStatuses } of items) {
      const reached = first.reduce(
        (status, step) => (status !== step.to && canTransitionArticle(status, step.to) ? step.to : status),
        article.status,
      );
      const statuses = claimStatuses ?? (await this.articles.claimStatuses(article.id));
      moves.push({ article, steps: [...first, { to: rolledUpArticleStatus(reached, statuses) }] });
    }
    return this.moveManyThrough(moves);
  }
}

/** One step of an article's status. */
export interface ArticleStep {
  to: ArticleStatus;
  reason?: string;
  detectedLanguage?: string;
}
