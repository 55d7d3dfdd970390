import { Injectable, NotFoundException } from '@nestjs/common';
import { ArticleRepository } from './article.repository';
import { ArticleWorkflow } from './article-workflow.service';
import { TransactionHost } from '../database/transaction-host';
import { WebhookEventRecorder } from '../webhooks/webhook-event-recorder';
import { assertClaimTransition, ClaimStatus, isTerminalClaimStatus } from './claim-status';
import { ClaimRow } from './claim.entity';
import { ClaimRepository, StoredVerdict } from './claim.repository';

export interface TransitionContext {
  actorId?: string | null;
  reason?: string | null;
  verdict?: StoredVerdict;
  /** The decision came from the claim's cluster (or, with `withdrawVerdict`, is taken back from it). */
  inherited?: boolean;
  withdrawVerdict?: boolean;
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

  /** Locks several claims (in id order) for a change. */
  lockMany(claimIds: string[]): Promise<ClaimRow[]> {
    return this.claims.lockMany(claimIds);
  }

  async transition(claim: ClaimRow, to: ClaimStatus, context: TransitionContext = {}): Promise<ClaimRow> {
    const [updated] = await this.transitionMany([claim], to, context);
    return updated;
  }

  /** The same change for several locked claims, in one round trip for the rows and one for the events. */
  async transitionMany(claims: ClaimRow[], to: ClaimStatus, context: TransitionContext = {}): Promise<ClaimRow[]> {
    if (!this.tx.inTransaction) throw new Error('claim transitions must run inside a transaction');
    if (claims.length === 0) return [];
    for (const claim of claims) assertClaimTransition(claim.status, to);
    const updated = await this.claims.changeStatusMany(
      claims,
      to,
      { actorId: context.actorId ?? null, reason: context.reason ?? null },
      context.verdict,
      { inherited: context.inherited, withdrawVerdict: context.withdrawVerdict },
    );
    const previous = new Map(claims.map((claim) => [claim.id, claim.status]));
    await this.events.record(updated.map((claim) => statusChangedEvent(claim, previous.get(claim.id) ?? null)));
    if (claims.some((claim) => isTerminalClaimStatus(claim.status)) || isTerminalClaimStatus(to)) {
      for (const articleId of [...new Set(claims.map((claim) => claim.article_id))].sort()) {
        const article = await this.articles.lock(articleId);
        if (!article) throw new NotFoundException(`article ${articleId} not found`);
        await this.articleWorkflow.rollUp(article);
      }
    }
    const order = new Map(claims.map((claim, index) => [claim.id, index]));
    return updated.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }

  /**
   * The state machine's check of a change that one statement makes set-wise by itself (e.g. the
   * claim-next lease through claimflow_move_task_claims): every claim it may move is in one of `from`.
   * Only for changes that neither enter nor leave a terminal status (no article roll-up to follow).
   */
  assertStatementMove(from: readonly ClaimStatus[], to: ClaimStatus): void {
    for (const status of from) assertClaimTransition(status, to);
    if (isTerminalClaimStatus(to) || from.some(isTerminalClaimStatus))
      throw new Error(`a change to or from a terminal status needs its article's roll-up: use transitionMany`);
  }

  /** The events of claims such a statement moved (`previous`: their statuses before), in the caller's transaction. */
  async recordStatementMove(moved: ClaimRow[], previous: Map<string, ClaimStatus>): Promise<void> {
    if (!this.tx.inTransaction) throw new Error('claim transitions must run inside a transaction');
    await this.events.record(moved.map((claim) => statusChangedEvent(claim, previous.get(claim.id) ?? null)));
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
