import { BadRequestException, ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { AuthRepository } from '../auth/auth.repository';
import { ClaimRepository } from '../workflow/claim.repository';
import type { TransitionContext } from '../workflow/claim-workflow.service';
import type { ClaimStatus } from '../workflow/claim-status';
import { toClaimDto, toEvidenceDto } from '../claims/claim.presenter';
import { toTaskClusterDto } from '../clusters/cluster.presenter';
import { ClusterWorkflow, UNDECIDED_CLAIM_STATUSES } from '../clusters/cluster-workflow.service';
import { CursorCodec } from '../common/pagination';
import { TransactionHost } from '../database/transaction-host';
import { reviewerLanguages } from './language-match';
import { DismissDto, EvidenceInputDto, ReviewTaskDto, VerdictDto } from './review-task.dto';
import { languageFilter, type ReviewTaskListQuery } from './review-task-list.query';
import { ReviewTaskAnswerRow, ReviewTaskRow } from '../workflow/review-task.entity';
import { HolderWrite, isSubscribedRefusal, ReviewTaskRepository } from '../workflow/review-task.repository';
import { ReviewLeases } from './review-leases.service';
import { toReviewTaskDto } from './review-task.presenter';
import { TaskClaims } from './task-claims.service';

/** Which of a task's claims a lease (to in_review) and a release (to needs_review) move. */
const MOVES = {
  in_review: { from: ['needs_review'] },
  needs_review: { from: ['in_review'] },
} as const satisfies Record<string, { from: readonly ClaimStatus[] }>;

/** The event every claim status change records (ClaimWorkflow). */
const STATUS_EVENT = 'claim.status_changed';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reviewers' work on tasks. Every holder-only write is fenced by ReviewTaskRepository.writeAsHolder
 * (assignee, lease token, expiry checked in the UPDATE itself) and runs first in its transaction,
 * so the task row is the mutex: task row, then claim (ClaimWorkflow.lock), then article for terminal changes.
 */
@Injectable()
export class ReviewTasksService {
  private readonly logger = new Logger(ReviewTasksService.name);
  /** Whether the last claim-next lease that moved claims had subscribers of their status events (see leaseNext). */
  private leasesHaveSubscribers = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly tasks: ReviewTaskRepository,
    private readonly leases: ReviewLeases,
    private readonly taskClaims: TaskClaims,
    private readonly claims: ClaimRepository,
    private readonly auth: AuthRepository,
    private readonly clusterWorkflow: ClusterWorkflow,
    private readonly cursors: CursorCodec,
  ) {}

  async list(reviewerId: string, query: ReviewTaskListQuery) {
    const { status, limit } = query;
    const position = this.cursors.decode(query.cursor);
    if (position && typeof position.k !== 'number')
      throw new BadRequestException('cursor is not valid: pass back a nextCursor this server returned');
    await this.leases.lapseExpired();
    const rows = await this.tasks.list(
      status,
      languageFilter(query),
      position ? { rankKey: position.k as number, id: position.id } : null,
      limit + 1,
    );
    const page = this.cursors.page(rows, limit, (row) => ({ k: row.rank_key, id: row.id }));
    return { items: present(page.items, reviewerId), nextCursor: page.nextCursor };
  }

  async get(reviewerId: string, id: string): Promise<ReviewTaskDto> {
    await this.leases.lapseExpired(id);
    return this.presentOne(id, reviewerId);
  }

  /** Leases the highest-priority open task in the reviewer's languages; null when none is open. */
  async claimNext(reviewer: { id: string; languages?: string[] }, requested: string[] | undefined): Promise<ReviewTaskDto | null> {
    const profile = requested !== undefined ? [] : (reviewer.languages ?? (await this.auth.findReviewer(reviewer.id))?.languages ?? []);
    const languages = reviewerLanguages(requested, profile);
    // The lease statement says whether leases lapsed unnoticed (the sweeper has not run yet): they are
    // lapsed then, and when nothing else was open the lease is tried again, so none waits for the sweep.
    const first = await this.leaseNext(languages, reviewer.id);
    let task = first.task;
    if (first.lapsedLeases) {
      await this.leases.lapseExpired();
      if (!task) ({ task } = await this.leaseNext(languages, reviewer.id));
    }
    return task ? present([task], reviewer.id)[0] : null;
  }

  /**
   * One lease of claim-next: the task and its claims' move to in_review in one statement. Where no
   * newsroom of the claims subscribes to their status events, that statement is the whole transaction;
   * otherwise it refuses (nothing written) and the lease runs in a transaction that records the events.
   * Which one to try first follows the last lease that moved claims, so a desk whose newsrooms subscribe
   * does not pay a refused statement per lease. The one statement also counts the lease toward its
   * newsroom's fair share; after a transaction that is a write of its own, once it has committed.
   */
  private async leaseNext(languages: string[] | null, reviewerId: string) {
    const move = { from: MOVES.in_review.from, to: 'in_review', reason: 'claimed' } as const;
    this.taskClaims.assertStatementMove(move.from, move.to);
    const lease = (refusedEvent: typeof STATUS_EVENT | null) =>
      this.tasks.leaseNextOpen(languages, reviewerId, this.config.reviewLeaseSeconds, { ...move, refusedEvent }, refusedEvent !== null);
    if (!this.leasesHaveSubscribers) {
      try {
        return await lease(STATUS_EVENT);
      } catch (error) {
        if (!isSubscribedRefusal(error)) throw error;
        this.leasesHaveSubscribers = true;
      }
    }
    const leased = await this.tx.run(async () => {
      const inTransaction = await lease(null);
      if (inTransaction.moved.length > 0) {
        await this.taskClaims.recordStatementMove(inTransaction.moved, inTransaction.previous);
        this.leasesHaveSubscribers = inTransaction.subscribers.some((endpoint) => endpoint.events.includes(STATUS_EVENT));
      }
      return inTransaction;
    });
    // Bookkeeping for fairness only: the lease stands even if this write fails.
    if (leased.task?.newsroom_id)
      await this.tasks
        .recordLease(leased.task.newsroom_id)
        .catch((error: Error) => this.logger.warn(`fair-share bookkeeping failed: ${error.message}`));
    return leased;
  }

  /** Leases this task; a lapsed lease is lapsed first (same transaction), a live one of someone else is 409. */
  async claim(reviewerId: string, id: string): Promise<ReviewTaskDto> {
    await this.tx.run(async () => {
      // Wait for whoever is changing this task (e.g. the sweeper lapsing it) rather than skip it: a
      // claim racing a lapse must see the lapse's outcome, not a half-finished state (spurious 409).
      const locked = await this.tasks.lock(id);
      if (!locked) throw new NotFoundException(`review task ${id} not found`);
      if (locked.lapsed) await this.leases.lapse(locked);
      const leased = await this.leaseLocked(locked, reviewerId);
      if (leased) return;
      const task = await this.tasks.find(id);
      if (!task) throw new NotFoundException(`review task ${id} not found`);
      if (task.status === 'claimed' && task.assignee_id === reviewerId) return; // already yours: claiming again is a no-op
      if (task.status === 'claimed')
        throw new ConflictException(`review task ${id} is held by another reviewer until ${task.lease_expires_at?.toISOString()}`);
      throw new ConflictException(`review task ${id} is ${task.status}`);
    });
    return this.presentOne(id, reviewerId);
  }

  async heartbeat(reviewerId: string, id: string, ifMatch?: string): Promise<ReviewTaskDto> {
    await this.asHolder('extend', reviewerId, id, ifMatch);
    return this.presentOne(id, reviewerId);
  }

  async release(reviewerId: string, id: string, ifMatch?: string): Promise<ReviewTaskDto> {
    await this.tx.run(async () => {
      const task = await this.asHolder('release', reviewerId, id, ifMatch);
      await this.moveClaim(task, 'needs_review', { actorId: reviewerId, reason: 'released' });
    });
    return this.presentOne(id, reviewerId);
  }

  async addEvidence(reviewerId: string, id: string, body: EvidenceInputDto, ifMatch?: string) {
    requireEvidenceContent([body]);
    return this.tx.run(async () => {
      const task = await this.asHolder('touch', reviewerId, id, ifMatch);
      const [row] = await this.claims.addEvidence([reviewerEvidence(task.claim_id, reviewerId, body)]);
      return toEvidenceDto(row);
    });
  }

  async verdict(reviewerId: string, id: string, body: VerdictDto, ifMatch?: string): Promise<ReviewTaskDto> {
    requireEvidenceContent(body.evidence ?? []);
    await this.tx.run(async () => {
      const { task, members } = await this.finishAsHolder(reviewerId, id, ifMatch);
      // The verdict decides the task's whole cluster (docs/clusters.md), in this transaction.
      await this.clusterWorkflow.decide(
        task,
        { kind: 'verified', rating: body.rating, summary: body.summary.trim() },
        reviewerId,
        async () => {
          await this.claims.addEvidence((body.evidence ?? []).map((item) => reviewerEvidence(task.claim_id, reviewerId, item)));
        },
        members,
      );
    });
    return this.presentOne(id, reviewerId);
  }

  async dismiss(reviewerId: string, id: string, body: DismissDto, ifMatch?: string): Promise<ReviewTaskDto> {
    await this.tx.run(async () => {
      const { task, members } = await this.finishAsHolder(reviewerId, id, ifMatch);
      await this.clusterWorkflow.decide(task, { kind: 'dismissed', reason: body.reason.trim() }, reviewerId, async () => {}, members);
    });
    return this.presentOne(id, reviewerId);
  }

  /** With the task row locked by the caller: lease it and move its claim to in_review. */
  private async leaseLocked(task: Pick<ReviewTaskRow, 'id'>, reviewerId: string): Promise<ReviewTaskRow | null> {
    const leased = await this.tasks.lease(task.id, reviewerId, this.config.reviewLeaseSeconds);
    if (!leased) return null;
    await this.moveClaim(leased, 'in_review', { actorId: reviewerId, reason: 'claimed' });
    return leased;
  }

  /** Moves the task's claims (its whole cluster's waiting members) and returns the task's own claim. */
  private moveClaim(task: ReviewTaskRow, to: keyof typeof MOVES, context: TransitionContext) {
    return this.taskClaims.move(task, MOVES[to].from, to, context);
  }

  /** The fenced write, or the precise reason the caller is not the live holder (404/409). */
  private async asHolder(write: HolderWrite, reviewerId: string, id: string, ifMatch: string | undefined): Promise<ReviewTaskRow> {
    const token = parseLeaseToken(ifMatch);
    const task = await this.tx.run(() => this.tasks.writeAsHolder(write, id, reviewerId, token, this.config.reviewLeaseSeconds));
    return task ?? this.refuseHolderWrite(reviewerId, id, token);
  }

  /** The fenced finish, with the task's undecided claims locked by the same statement (task row first: the lock order). */
  private async finishAsHolder(reviewerId: string, id: string, ifMatch: string | undefined) {
    const token = parseLeaseToken(ifMatch);
    const finished = await this.tasks.finishAsHolder(id, reviewerId, token, UNDECIDED_CLAIM_STATUSES);
    if (!finished) return this.refuseHolderWrite(reviewerId, id, token);
    return { task: finished.task, members: finished.claims };
  }

  /** Why the caller's holder-only write did not apply (404/409). */
  private async refuseHolderWrite(reviewerId: string, id: string, token: string | null): Promise<never> {
    const current = await this.tasks.find(id);
    if (!current) throw new NotFoundException(`review task ${id} not found`);
    if (current.status !== 'claimed')
      throw new ConflictException(`review task ${id} is ${current.status}; only the holder of a live lease can do this`);
    if (current.assignee_id !== reviewerId) throw new ConflictException(`review task ${id} is held by another reviewer`);
    if (token && current.lease_token !== token)
      throw new ConflictException(`the lease token does not match your current lease of review task ${id}`);
    throw new ConflictException(`your lease of review task ${id} expired at ${current.lease_expires_at?.toISOString()}`);
  }

  /** The task's answer, read in one statement (task, article, claim, evidence, cluster members). */
  private async presentOne(id: string, viewerId: string): Promise<ReviewTaskDto> {
    const row = await this.tasks.findAnswer(id);
    if (!row) throw new NotFoundException(`review task ${id} not found`);
    return present([row], viewerId)[0];
  }
}

/** Task answers from rows that carry all they show (ReviewTaskRepository.findAnswer, list). */
function present(rows: ReviewTaskAnswerRow[], viewerId: string): ReviewTaskDto[] {
  const now = new Date();
  return rows.map((row) =>
    toReviewTaskDto(
      row,
      toClaimDto(row.claim, row.evidence),
      viewerId,
      now,
      row.cluster_id ? toTaskClusterDto(row.cluster_id, row.members.length, row.members) : null,
    ),
  );
}

/** If-Match: the lease token from the task answer (quotes and W/ allowed); absent = the caller's current lease. */
export function parseLeaseToken(ifMatch: string | undefined): string | null {
  if (ifMatch === undefined || ifMatch.trim() === '') return null;
  const token = ifMatch
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
  if (!UUID.test(token)) throw new BadRequestException(['If-Match must be the leaseToken of your lease']);
  return token.toLowerCase();
}

function requireEvidenceContent(items: EvidenceInputDto[]): void {
  const empty = items.findIndex((item) => !item.url && !item.title && !item.excerpt);
  if (empty >= 0)
    throw new BadRequestException([`evidence${items.length > 1 ? `[${empty}]` : ''} needs at least one of url, title or excerpt`]);
}

function reviewerEvidence(claimId: string, reviewerId: string, item: EvidenceInputDto) {
  return {
    claimId,
    url: item.url ?? null,
    title: item.title ?? null,
    excerpt: item.excerpt ?? null,
    stance: item.stance,
    source: 'reviewer',
    createdBy: reviewerId,
  };
}
