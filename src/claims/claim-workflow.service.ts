import { Injectable, NotFoundException } from '@nestjs/common';
import { ArticleRepository } from '../articles/article.repository';
import { ArticleWorkflow } from '../articles/article-workflow.service';
import { TransactionHost } from '../database/transaction-host';
import { WebhookEventRecorder } from '../webhooks/webhook-event-recorder';
import { assertClaimTransition, ClaimStatus } from './claim-status';
import { ClaimRow } from './claim.entity';
import { ClaimRepository } from './claim.repository';

export interface TransitionContext {
  actorId?: string | null;
  reason?: string | null;
  verdict?: { rating: string; summary: string; reviewerId: string };
}

/**
 * Every claim status change goes through here: state machine check, version bump, history row,
 * `claim.status_changed` event and article roll-up, all in the caller's transaction.
 * Locks are taken article first, then claim, so concurrent changes of one article serialize
 * (the roll-up sees its sibling claims' committed states) and never deadlock.
 */
@Injectable()
export class ClaimWorkflow {
  constructor(
    private readonly tx: TransactionHost,
    private readonly claims: ClaimRepository,
    private readonly articles: ArticleRepository,
    private readonly articleWorkflow: ArticleWorkflow,
    private readonly events: WebhookEventRecorder,
  ) {}

  /** Locks the claim (and its article) for a change; null when the claim does not exist. */
  async lock(claimId: string): Promise<ClaimRow | null> {
    const articleId = await this.claims.articleIdOf(claimId);
    if (!articleId) return null;
    await this.articles.lock(articleId);
    return this.claims.lock(claimId);
  }

  async transition(claim: ClaimRow, to: ClaimStatus, context: TransitionContext = {}): Promise<ClaimRow> {
    if (!this.tx.inTransaction) throw new Error('claim transitions must run inside a transaction');
    assertClaimTransition(claim.status, to);
    const updated = await this.claims.changeStatus(
      claim,
      to,
      { actorId: context.actorId ?? null, reason: context.reason ?? null },
      context.verdict,
    );
    await this.events.record([statusChangedEvent(updated, claim.status)]);
    const article = await this.articles.findSummary(claim.article_id);
    if (!article) throw new NotFoundException(`article ${claim.article_id} not found`);
    await this.articleWorkflow.rollUp(article);
    return updated;
  }
}

export function statusChangedEvent(claim: ClaimRow, from: ClaimStatus | null) {
  return {
    newsroomId: claim.newsroom_id,
    type: 'claim.status_changed' as const,
    occurredAt: claim.updated_at,
    data: { claimId: claim.id, articleId: claim.article_id, from, to: claim.status, version: claim.version },
  };
}
