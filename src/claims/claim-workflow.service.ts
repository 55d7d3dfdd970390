import { Injectable, NotFoundException } from '@nestjs/common';
import { ArticleRepository } from '../articles/article.repository';
import { ArticleWorkflow } from '../articles/article-workflow.service';
import { TransactionHost } from '../database/transaction-host';
import { WebhookEventRecorder } from '../webhooks/webhook-event-recorder';
import { assertClaimTransition, ClaimStatus, isTerminalClaimStatus } from './claim-status';
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
 * Lock order is claim, then article. The article row is locked only by changes that enter or leave a
 * terminal status (the only ones that can change the article's roll-up), so those serialize per
 * article and each roll-up sees its siblings' committed states, while the many non-terminal steps
 * (pending -> verifying -> needs_review -> in_review) of one article's claims run in parallel.
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

  /** Locks the claim for a change; null when the claim does not exist. */
  lock(claimId: string): Promise<ClaimRow | null> {
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
    if (isTerminalClaimStatus(claim.status) || isTerminalClaimStatus(to)) {
      const article = await this.articles.lock(claim.article_id);
      if (!article) throw new NotFoundException(`article ${claim.article_id} not found`);
      await this.articleWorkflow.rollUp(article);
    }
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
