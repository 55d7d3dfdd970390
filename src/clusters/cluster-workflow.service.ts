import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import type { ClaimStatus } from '../workflow/claim-status';
import { ClaimRow } from '../workflow/claim.entity';
import { ClaimRepository } from '../workflow/claim.repository';
import { ClaimWorkflow } from '../workflow/claim-workflow.service';
import { clusterPriority, CHECKWORTHINESS_WEIGHT, URGENCY_WEIGHT } from '../workflow/review-priority';
import { ReviewTaskRepository } from '../workflow/review-task.repository';
import { ReviewTaskRow, Suggestion } from '../workflow/review-task.entity';
import { ClusterRow } from '../workflow/cluster.entity';
import { ClusterRepository } from '../workflow/cluster.repository';
import { VerdictPublisher } from './verdict-publisher.service';

/** Statuses a cluster decision still reaches. */
export const UNDECIDED_CLAIM_STATUSES: readonly ClaimStatus[] = ['pending', 'verifying', 'needs_review', 'in_review'];

export type ReviewDecision = { kind: 'verified'; rating: string; summary: string } | { kind: 'dismissed'; reason: string };

/** A claim finishing automated verification, with what its task (if it opens one) would show. */
export interface VerifiedClaim {
  claim: ClaimRow;
  suggestions: Suggestion[];
}

/**
 * Where a claim goes when it reaches its cluster, and how a decision spreads through a cluster.
 * Every method runs in the caller's transaction, in the lock order task rows, cluster rows, claims,
 * articles (the caller has locked what it names).
 */
@Injectable()
export class ClusterWorkflow {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clusters: ClusterRepository,
    private readonly claims: ClaimRepository,
    private readonly workflow: ClaimWorkflow,
    private readonly tasks: ReviewTaskRepository,
    private readonly publisher: VerdictPublisher,
  ) {}

  /** A decided cluster whose decision is recent enough for a newcomer to inherit it. */
  inheritable(cluster: ClusterRow | undefined, now = new Date()): boolean {
    if (!cluster || cluster.status === 'open' || !cluster.decided_at) return false;
    return now.getTime() - cluster.decided_at.getTime() <= this.config.clusterVerdictMaxAgeDays * 86_400_000;
  }

  /** Locked claims (pending or verifying) take their cluster's decision at once. */
  async inherit(claims: ClaimRow[], cluster: ClusterRow): Promise<ClaimRow[]> {
    if (claims.length === 0) return [];
    if (cluster.status === 'verified') {
      const verified = await this.workflow.transitionMany(claims, 'verified', {
        actorId: null,
        reason: `cluster verdict ${cluster.verdict_rating} inherited from cluster ${cluster.id} (decided ${cluster.decided_at!.toISOString()})`,
        verdict: {
          rating: cluster.verdict_rating!,
          summary: cluster.verdict_summary ?? '',
          reviewerId: cluster.verdict_reviewer_id!,
          decidedAt: cluster.decided_at,
        },
        inherited: true,
      });
      await this.publisher.publish(verified);
      return verified;
    }
    return this.workflow.transitionMany(claims, 'dismissed', {
      actorId: null,
      reason: `cluster dismissal inherited from cluster ${cluster.id}: ${cluster.dismiss_reason ?? ''}`.trim(),
      inherited: true,
    });
  }

  /**
   * Claims done with automated verification (locked, `verifying`), their clusters and the clusters'
   * open or claimed tasks locked by the caller: each claim inherits a fresh decision, or attaches to
   * its cluster's task (needs_review, or in_review while a reviewer holds it), or its cluster gets a
   * task (presented with the first of them).
   */
  async settle(verified: VerifiedClaim[], clusters: ClusterRow[], activeTasks: ReviewTaskRow[]): Promise<void> {
    const clusterById = new Map(clusters.map((cluster) => [cluster.id, cluster]));
    const taskByCluster = new Map(activeTasks.map((task) => [task.cluster_id!, task]));
    const groups = new Map<string, VerifiedClaim[]>();
    for (const item of verified) {
      const group = groups.get(item.claim.cluster_id!);
      if (group) group.push(item);
      else groups.set(item.claim.cluster_id!, [item]);
    }
    const now = new Date();
    const attachedToOpen: ClaimRow[] = [];
    const attachedToHeld = new Map<string, ClaimRow[]>(); // by the holder, who is the actor of their move
    const grown = new Set<string>();
    const fresh: { clusterId: string; items: VerifiedClaim[] }[] = [];
    for (const [clusterId, items] of groups) {
      const cluster = clusterById.get(clusterId);
      if (!cluster) throw new NotFoundException(`cluster ${clusterId} not found`);
      const claims = items.map((item) => item.claim);
      const task = taskByCluster.get(clusterId);
      if (!task && this.inheritable(cluster, now)) {
        await this.inherit(claims, cluster);
      } else if (task?.status === 'claimed') {
        attachedToHeld.set(task.assignee_id!, [...(attachedToHeld.get(task.assignee_id!) ?? []), ...claims]);
        grown.add(clusterId);
      } else if (task) {
        attachedToOpen.push(...claims);
        grown.add(clusterId);
      } else {
        fresh.push({ clusterId, items });
      }
    }
    const reason = 'joined the review task of its cluster';
    await this.workflow.transitionMany(attachedToOpen, 'needs_review', { actorId: null, reason });
    for (const [holder, claims] of attachedToHeld) await this.workflow.transitionMany(claims, 'in_review', { actorId: holder, reason });
    await this.workflow.transitionMany(
      fresh.flatMap((group) => group.items.map((item) => item.claim)),
      'needs_review',
    );
    const priorities = await this.prioritiesOf([...grown, ...fresh.map((group) => group.clusterId)]);
    await this.tasks.setPriorities(new Map([...grown].map((clusterId) => [taskByCluster.get(clusterId)!.id, priorities.get(clusterId)!])));
    await this.tasks.openMany(
      fresh.map(({ clusterId, items }) => {
        const [first] = [...items].sort((a, b) => b.claim.checkworthiness - a.claim.checkworthiness);
        return {
          claimId: first.claim.id,
          clusterId,
          priority: priorities.get(clusterId)!,
          language: first.claim.language,
          suggestions: first.suggestions,
        };
      }),
    );
  }

  /**
   * A reviewer's verdict or dismissal on a task (already finished by its fenced write) decides its
   * cluster: the task's own claim with the reviewer's reason, every other undecided member with its
   * own history row naming the cluster decision, each announced to its own newsroom. Set-wise.
   * `lockedMembers`: the task's members in UNDECIDED_CLAIM_STATUSES, when the caller has locked them already.
   */
  async decide(
    task: ReviewTaskRow,
    decision: ReviewDecision,
    reviewerId: string,
    evidence: () => Promise<void>,
    lockedMembers?: ClaimRow[],
  ): Promise<void> {
    // The undecided members, locked: by the caller when it locked them with the task (ReviewTaskRepository.finishAsHolder).
    const members = lockedMembers ?? (await this.claims.lockTaskClaims(task, UNDECIDED_CLAIM_STATUSES));
    const own = members.filter((claim) => claim.id === task.claim_id);
    if (own.length === 0) throw new NotFoundException(`claim ${task.claim_id} of task ${task.id} is not waiting for a decision`);
    const others = members.filter((claim) => claim.id !== task.claim_id);
    const cluster = task.cluster_id ? `cluster ${task.cluster_id}` : 'its cluster';
    if (decision.kind === 'verified') {
      const verdict = { rating: decision.rating, summary: decision.summary, reviewerId };
      const decided = await this.workflow.transitionMany(own, 'verified', {
        actorId: reviewerId,
        reason: 'verdict',
        verdict,
        inherited: false,
      });
      await evidence();
      await this.claims.copyReviewerEvidence(
        task.claim_id,
        others.map((claim) => claim.id),
      );
      const spread = await this.workflow.transitionMany(others, 'verified', {
        actorId: reviewerId,
        reason: `cluster verdict ${decision.rating} on ${cluster} (task ${task.id})`,
        verdict,
        inherited: true,
      });
      if (task.cluster_id) {
        await this.clusters.decide(task.cluster_id, {
          status: 'verified',
          rating: decision.rating,
          summary: decision.summary,
          reviewerId,
          taskId: task.id,
          dismissReason: null,
        });
      }
      await this.publisher.publish([...decided, ...spread]);
      return;
    }
    await this.workflow.transitionMany(own, 'dismissed', { actorId: reviewerId, reason: decision.reason, inherited: false });
    await this.workflow.transitionMany(others, 'dismissed', {
      actorId: reviewerId,
      reason: `cluster dismissed on ${cluster} (task ${task.id}): ${decision.reason}`,
      inherited: true,
    });
    if (task.cluster_id) {
      await this.clusters.decide(task.cluster_id, {
        status: 'dismissed',
        rating: null,
        summary: null,
        reviewerId,
        taskId: task.id,
        dismissReason: decision.reason,
      });
    }
  }

  /** The base priority of a cluster's task from its members now (review-priority.ts). */
  async priorityOf(clusterId: string): Promise<number> {
    return (await this.prioritiesOf([clusterId])).get(clusterId)!;
  }

  /** The same for many clusters, in one statement. */
  async prioritiesOf(clusterIds: string[]): Promise<Map<string, number>> {
    const inputs = await this.clusters.priorityInputs(clusterIds, { checkworthiness: CHECKWORTHINESS_WEIGHT, urgency: URGENCY_WEIGHT });
    return new Map(clusterIds.map((id) => [id, clusterPriority(inputs.get(id)?.base ?? 0, inputs.get(id)?.articles ?? 0)]));
  }
}
