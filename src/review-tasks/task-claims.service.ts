import { Injectable, NotFoundException } from '@nestjs/common';
import type { ClaimStatus } from '../workflow/claim-status';
import { ClaimRow } from '../workflow/claim.entity';
import { ClaimRepository } from '../workflow/claim.repository';
import { ClaimWorkflow, TransitionContext } from '../workflow/claim-workflow.service';
import { ReviewTaskRow } from '../workflow/review-task.entity';

/**
 * The claims a review task stands for: every member of its cluster waiting on it (needs_review while
 * the task is open, in_review while a reviewer holds it). A lease, release or lapse moves them all,
 * set-wise, each with its own history row and webhook event. Lock order: the caller holds the task
 * row; then the cluster row (so a claim attaching to the task meanwhile is seen), then the claims
 * (both in one round trip: ClaimRepository.lockTaskClaims).
 */
@Injectable()
export class TaskClaims {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly workflow: ClaimWorkflow,
  ) {}

  /** Moves the task's claims that are in `from` to `to`; returns the task's own claim as it now is. */
  async move(task: ReviewTaskRow, from: readonly ClaimStatus[], to: ClaimStatus, context: TransitionContext): Promise<ClaimRow> {
    return this.moveLocked(task, await this.claims.lockTaskClaims(task, from), to, context);
  }

  /** The same for members the caller has locked already (claimflow_lock_task_claims, e.g. inside the lease statement). */
  async moveLocked(task: ReviewTaskRow, members: ClaimRow[], to: ClaimStatus, context: TransitionContext): Promise<ClaimRow> {
    const moved = await this.workflow.transitionMany(members, to, context);
    const own = moved.find((claim) => claim.id === task.claim_id) ?? (await this.claims.find(task.claim_id));
    if (!own) throw new NotFoundException(`claim ${task.claim_id} not found`);
    return own;
  }

  /** Before a statement moves a task's claims itself (ReviewTaskRepository.leaseNextOpen): see ClaimWorkflow.assertStatementMove. */
  assertStatementMove(from: readonly ClaimStatus[], to: ClaimStatus): void {
    this.workflow.assertStatementMove(from, to);
  }

  /** After it, in its transaction: the moved claims' events. */
  recordStatementMove(moved: ClaimRow[], previous: Map<string, ClaimStatus>): Promise<void> {
    return this.workflow.recordStatementMove(moved, previous);
  }
}
