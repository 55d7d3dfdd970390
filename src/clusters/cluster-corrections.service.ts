import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { ClaimRow } from '../workflow/claim.entity';
import { ClaimRepository } from '../workflow/claim.repository';
import { ClaimWorkflow } from '../workflow/claim-workflow.service';
import { TransactionHost } from '../database/transaction-host';
import { ReviewTaskRepository } from '../workflow/review-task.repository';
import { ReviewTaskRow } from '../workflow/review-task.entity';
import { clusterKey, normalizeClaimText } from '../workflow/claim-normalization';
import { ClusterRow } from '../workflow/cluster.entity';
import { ClusterRepository } from '../workflow/cluster.repository';
import { ClusterWorkflow } from './cluster-workflow.service';
import { VerdictPublisher } from './verdict-publisher.service';

const ATTEMPTS = 5;
class ClusterChangedMeanwhile extends Error {}

/**
 * Reviewers' corrections of the grouping: detach a claim grouped wrongly, merge two clusters that are
 * one claim. Each is one transaction in the lock order tasks, clusters, claims, articles; when a
 * cluster's task set changes between the read and the locks, the transaction is run again.
 */
@Injectable()
export class ClusterCorrections {
  constructor(
    private readonly tx: TransactionHost,
    private readonly clusters: ClusterRepository,
    private readonly claims: ClaimRepository,
    private readonly workflow: ClaimWorkflow,
    private readonly tasks: ReviewTaskRepository,
    private readonly clusterWorkflow: ClusterWorkflow,
    private readonly publisher: VerdictPublisher,
  ) {}

  /**
   * The claim leaves its cluster for a new one of its own (its text's key goes with it unless another
   * member has the same text). A verdict or dismissal it inherited is withdrawn and it is reviewed
   * again in a task of its own; one a reviewer gave it directly stays (and becomes the new cluster's).
   * A claim waiting on the cluster's task gets its own task; if the task was presented with this claim,
   * the task goes with it and the rest of the cluster gets a new one.
   */
  detach(reviewerId: string, claimId: string): Promise<string> {
    return this.retrying(async () => {
      const peek = await this.claims.find(claimId);
      if (!peek) throw new NotFoundException(`claim ${claimId} not found`);
      if (!peek.cluster_id) throw new ConflictException(`claim ${claimId} is ${peek.status} and belongs to no cluster`);
      const from = peek.cluster_id;
      const [task] = await this.tasks.activeOfClusters([from], true);
      const [cluster] = await this.clusters.lock([from]);
      const claim = await this.workflow.lock(claimId);
      if (!claim || !cluster || claim.cluster_id !== from) throw new ClusterChangedMeanwhile();
      await this.requireSameTasks([from], task ? [task] : []);

      const to = randomUUID();
      await this.clusters.create([to]);
      await this.claims.setCluster([claim.id], to);
      claim.cluster_id = to;
      if (!(await this.clusters.otherMemberWithText(from, claim.id, claim.text))) {
        await this.clusters.moveKey(clusterKey(normalizeClaimText(claim.text)), from, to);
      }
      await this.clusters.addEvent({ clusterId: from, claimId: claim.id, kind: 'detached', otherClusterId: to, actorId: reviewerId });
      const reason = `detached from cluster ${from} by a reviewer`;
      // Reviewer evidence the cluster's verdict copied to it goes with that verdict (named in the history row below).
      const copies = await this.claims.removeCopiedEvidence(claim.id);
      const removed = copies > 0 ? `; ${copies} evidence item(s) copied from the cluster removed` : '';

      if ((claim.status === 'verified' || claim.status === 'dismissed') && claim.verdict_inherited) {
        const reopened = await this.workflow.transition(claim, 'needs_review', {
          actorId: reviewerId,
          reason: `${reason}: the cluster's ${claim.status === 'verified' ? 'verdict' : 'dismissal'} is withdrawn${removed}`,
          withdrawVerdict: true,
        });
        await this.publisher.withdraw([claim.id]);
        await this.openTask(reopened, to);
      } else if (claim.status === 'verified' || claim.status === 'dismissed') {
        await this.clusters.decide(to, {
          status: claim.status,
          rating: claim.verdict_rating,
          summary: claim.verdict_summary,
          reviewerId: claim.verdict_reviewer_id ?? reviewerId,
          taskId: null,
          dismissReason: claim.status === 'dismissed' ? 'dismissed directly before the detach' : null,
          decidedAt: claim.verdict_decided_at,
        });
      } else if (task && (claim.status === 'needs_review' || claim.status === 'in_review')) {
        if (task.claim_id === claim.id) {
          await this.tasks.moveToCluster(task.id, to);
          await this.reopenRest(from, cluster, claim.id);
        } else {
          const waiting =
            claim.status === 'in_review' ? await this.workflow.transition(claim, 'needs_review', { actorId: reviewerId, reason }) : claim;
          await this.openTask(waiting, to);
          await this.tasks.setPriorities(new Map([[task.id, await this.clusterWorkflow.priorityOf(from)]]));
        }
      }
      return claim.id;
    });
  }

  /** `sourceId` is merged into `targetId`: members, keys, and at most one task (a held one is kept). */
  merge(reviewerId: string, targetId: string, sourceId: string): Promise<string> {
    if (targetId === sourceId) throw new BadRequestException(['clusterId must name another cluster than the one in the path']);
    return this.retrying(async () => {
      const ids = [targetId, sourceId];
      const activeTasks = await this.tasks.activeOfClusters(ids, true);
      const locked = await this.clusters.lock(ids);
      const target = locked.find((row) => row.id === targetId);
      const source = locked.find((row) => row.id === sourceId);
      if (!target) throw new NotFoundException(`cluster ${targetId} not found`);
      if (!source) throw new NotFoundException(`cluster ${sourceId} not found`);
      await this.requireSameTasks(ids, activeTasks);

      await this.clusters.moveMembers(sourceId, targetId);
      await this.clusters.moveKeys(sourceId, targetId);
      await this.clusters.markMerged(sourceId, targetId);
      await this.clusters.addEvent({ clusterId: targetId, claimId: null, kind: 'merged', otherClusterId: sourceId, actorId: reviewerId });
      if (source.status !== 'open' && (target.status === 'open' || (source.decided_at ?? 0) > (target.decided_at ?? 0))) {
        await this.clusters.copyDecision(sourceId, targetId);
      }

      const ofTarget = activeTasks.find((task) => task.cluster_id === targetId);
      const ofSource = activeTasks.find((task) => task.cluster_id === sourceId);
      const keep =
        ofTarget && ofSource
          ? ofSource.status === 'claimed' && ofTarget.status !== 'claimed'
            ? ofSource
            : ofTarget
          : (ofTarget ?? ofSource);
      const drop = keep === ofTarget ? ofSource : ofTarget;
      if (drop) await this.tasks.cancel(drop.id);
      if (keep) {
        if (keep.cluster_id !== targetId) await this.tasks.moveToCluster(keep.id, targetId);
        await this.mirror({ ...keep, cluster_id: targetId }, `merged cluster ${sourceId} into ${targetId}: reviewed in task ${keep.id}`);
        await this.tasks.setPriorities(new Map([[keep.id, await this.clusterWorkflow.priorityOf(targetId)]]));
      }
      return targetId;
    });
  }

  /** Waiting members follow the task's status: needs_review while it is open, in_review while held. */
  private async mirror(task: ReviewTaskRow, reason: string): Promise<void> {
    const held = task.status === 'claimed';
    const members = await this.claims.lockClusterMembers(task.cluster_id!, [held ? 'needs_review' : 'in_review']);
    await this.workflow.transitionMany(members, held ? 'in_review' : 'needs_review', { actorId: held ? task.assignee_id : null, reason });
  }

  /** The cluster's task left with a detached claim: the members still waiting get a new task. */
  private async reopenRest(clusterId: string, cluster: ClusterRow, detachedId: string): Promise<void> {
    const waiting = await this.claims.lockClusterMembers(clusterId, ['needs_review', 'in_review']);
    if (waiting.length === 0) return;
    const held = waiting.filter((claim) => claim.status === 'in_review');
    const reason = `the task of cluster ${cluster.id} went with detached claim ${detachedId}`;
    const moved = await this.workflow.transitionMany(held, 'needs_review', { actorId: null, reason });
    const all = [...waiting.filter((claim) => claim.status === 'needs_review'), ...moved];
    const [first] = all.sort((a, b) => b.checkworthiness - a.checkworthiness);
    await this.openTask(first, clusterId);
  }

  private async openTask(claim: ClaimRow, clusterId: string): Promise<void> {
    await this.tasks.openMany([
      {
        claimId: claim.id,
        clusterId,
        priority: await this.clusterWorkflow.priorityOf(clusterId),
        language: claim.language,
        suggestions: [],
      },
    ]);
  }

  private async requireSameTasks(clusterIds: string[], locked: ReviewTaskRow[]): Promise<void> {
    const now = await this.tasks.activeOfClusters(clusterIds, false);
    if (now.map((task) => task.id).join() !== locked.map((task) => task.id).join()) throw new ClusterChangedMeanwhile();
  }

  private async retrying<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tx.run(work);
      } catch (error) {
        if (!(error instanceof ClusterChangedMeanwhile)) throw error;
        if (attempt >= ATTEMPTS) throw new ConflictException('the cluster kept changing while this ran; try again');
      }
    }
  }
}
