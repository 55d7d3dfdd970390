import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionHost } from '../database/transaction-host';
import { ClaimRow } from '../workflow/claim.entity';
import { ClaimRepository } from '../workflow/claim.repository';
import { ClaimWorkflow } from '../workflow/claim-workflow.service';
import { ReviewTaskRepository } from '../workflow/review-task.repository';
import { Suggestion } from '../workflow/review-task.entity';
import { ClusterAssignment } from '../workflow/cluster-assignment.service';
import { ClusterRepository } from '../workflow/cluster.repository';
import type { ClusterRow } from '../workflow/cluster.entity';
import { ClusterWorkflow } from '../clusters/cluster-workflow.service';
import { EVIDENCE_PROVIDERS, EvidenceFinding } from './evidence-provider';
import type { EvidenceProvider } from './evidence-provider';
import { callProvider, callWithRetries, ProviderOutcome } from './provider-call';
import { claimsForPaidProviders } from './paid-provider-budget';

type SourcedFinding = EvidenceFinding & { source: string };

/** Claims of one batch asked about at the same time. */
const PROVIDER_PARALLELISM = 4;
/** Times the last step is retried when a cluster changed between its read and its locks (a merge, a detach, a new task). */
const SETTLE_ATTEMPTS = 5;

class ClusterChangedMeanwhile extends Error {}

interface ClusterState {
  cluster: ClusterRow;
  hasActiveTask: boolean;
}

/** Claims that skipped the providers (their cluster had a task) but whose cluster has neither a task nor a decision now. */
class EvidenceNeeded extends Error {
  constructor(readonly claimIds: string[]) {
    super('claims need evidence after all');
  }
}

@Injectable()
export class VerificationService {
  private readonly logger = new Logger(VerificationService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVIDENCE_PROVIDERS) private readonly providers: EvidenceProvider[],
    private readonly tx: TransactionHost,
    private readonly workflow: ClaimWorkflow,
    private readonly claims: ClaimRepository,
    private readonly tasks: ReviewTaskRepository,
    private readonly clusterAssignment: ClusterAssignment,
    private readonly clusters: ClusterRepository,
    private readonly clusterWorkflow: ClusterWorkflow,
  ) {}

  /**
   * pending -> verifying, then every provider is asked with no transaction open (slow or failing
   * providers hold no locks), then each claim settles in its cluster (docs/clusters.md): it inherits
   * the cluster's recent decision, or attaches to the cluster's review task, or the cluster gets one.
   * A pending claim whose cluster already has a recent decision inherits it at once, without asking
   * any provider. Claims are handled as a batch (an article's check-worthy claims share one job and a
   * handful of statements). Idempotent: claims already past `verifying` are left alone; ones left in
   * `verifying` by a crash are picked up again, and their automated evidence is replaced, never
   * duplicated; a claim joins its cluster's task once (its status says it has).
   */
  async verifyClaims(claimIds: string[]): Promise<'verified' | 'skipped'> {
    const started = await this.tx.run(async () => {
      const claims = await this.workflow.lockMany(claimIds);
      await this.joinClusters(claims.filter((claim) => claim.status === 'pending' || claim.status === 'verifying'));
      const pending = claims.filter((claim) => claim.status === 'pending');
      // One read of every cluster involved serves both questions below (a task or decision committed
      // after it is caught when settling: EvidenceNeeded, ClusterChangedMeanwhile).
      const clusters = await this.clusterStates(claims.filter((claim) => claim.status === 'pending' || claim.status === 'verifying'));
      const inheriting = await this.inheritRecentDecisions(pending, clusters);
      const moved = await this.workflow.transitionMany(
        pending.filter((claim) => !inheriting.has(claim.id)),
        'verifying',
      );
      const verifying = [...claims.filter((claim) => claim.status === 'verifying'), ...moved];
      return { verifying, attaching: this.attachingWithoutProviders(verifying, clusters) };
    });
    if (started.verifying.length === 0) return 'skipped';

    const { verifying, attaching } = started;
    const findings = await this.gatherForEach(verifying.filter((claim) => !attaching.has(claim.id)));

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tx.run(() => this.settle(verifying, findings, attaching));
      } catch (error) {
        if (error instanceof EvidenceNeeded) {
          const needed = verifying.filter((claim) => error.claimIds.includes(claim.id));
          for (const claim of needed) attaching.delete(claim.id);
          for (const [claimId, found] of await this.gatherForEach(needed)) findings.set(claimId, found);
        } else if (!(error instanceof ClusterChangedMeanwhile) || attempt >= SETTLE_ATTEMPTS) throw error;
      }
    }
  }

  /** The clusters of these claims, each with whether it has an open or claimed review task, in one statement. */
  private async clusterStates(claims: ClaimRow[]): Promise<Map<string, ClusterState>> {
    const rows = await this.clusters.findManyWithTaskFlag([...new Set(claims.map((claim) => claim.cluster_id!))]);
    return new Map(rows.map(({ has_active_task, ...cluster }) => [cluster.id, { cluster, hasActiveTask: has_active_task }]));
  }

  /**
   * Claims whose cluster already has an open or claimed task, or a decision they will inherit: they
   * attach to it or take it, so no evidence provider is asked about them (paid providers cost per
   * call; the cluster's task already has its evidence). Read again when settling (EvidenceNeeded).
   */
  private attachingWithoutProviders(claims: ClaimRow[], clusters: Map<string, ClusterState>): Set<string> {
    return new Set(
      claims
        .filter((claim) => {
          const state = clusters.get(claim.cluster_id!);
          return state !== undefined && (state.hasActiveTask || this.clusterWorkflow.inheritable(state.cluster));
        })
        .map((claim) => claim.id),
    );
  }

  /** The last step, in the lock order tasks, clusters, claims, articles. */
  private async settle(
    started: ClaimRow[],
    findings: Map<string, SourcedFinding[]>,
    withoutProviders: ReadonlySet<string>,
  ): Promise<'verified' | 'skipped'> {
    const peek = (await this.claims.statesOf(started.map((claim) => claim.id))).filter((claim) => claim.status === 'verifying');
    if (peek.length === 0) return 'skipped';
    const clusterIds = [...new Set(peek.map((claim) => claim.cluster_id!))].sort();
    const activeTasks = await this.tasks.activeOfClusters(clusterIds, true);
    const clusters = await this.clusters.lock(clusterIds);
    const claims = (await this.workflow.lockMany(peek.map((claim) => claim.id))).filter((claim) => claim.status === 'verifying');
    if (claims.length === 0) return 'skipped';
    const stillActive = await this.tasks.activeOfClusters(clusterIds, false);
    if (
      claims.some((claim) => !claim.cluster_id || !clusterIds.includes(claim.cluster_id)) ||
      stillActive.map((task) => task.id).join() !== activeTasks.map((task) => task.id).join()
    ) {
      throw new ClusterChangedMeanwhile();
    }
    const taskOf = new Set(stillActive.map((task) => task.cluster_id));
    const clusterOf = new Map(clusters.map((cluster) => [cluster.id, cluster]));
    const uncovered = claims.filter(
      (claim) =>
        withoutProviders.has(claim.id) &&
        !taskOf.has(claim.cluster_id) &&
        !this.clusterWorkflow.inheritable(clusterOf.get(claim.cluster_id!)),
    );
    if (uncovered.length > 0) throw new EvidenceNeeded(uncovered.map((claim) => claim.id));
    await this.claims.removeAutomatedEvidence(claims.map((claim) => claim.id));
    await this.claims.addEvidence(
      claims.flatMap((claim) =>
        (findings.get(claim.id) ?? []).map((finding) => ({
          claimId: claim.id,
          url: finding.url,
          title: finding.title,
          excerpt: finding.excerpt,
          stance: finding.stance,
          source: finding.source,
          score: finding.score,
        })),
      ),
    );
    await this.clusterWorkflow.settle(
      claims.map((claim) => ({
        claim,
        suggestions: (findings.get(claim.id) ?? []).map((finding): Suggestion => ({ source: finding.source, ...finding.suggestion })),
      })),
      clusters,
      activeTasks,
    );
    return 'verified';
  }

  /** Claims in the workflow without a cluster (stored before clusters existed, or seeded) join one now. */
  private async joinClusters(claims: ClaimRow[]): Promise<void> {
    const lost = claims.filter((claim) => !claim.cluster_id);
    if (lost.length === 0) return;
    const clusterIds = await this.clusterAssignment.assign(lost);
    for (const clusterId of new Set(clusterIds)) {
      await this.claims.setCluster(
        lost.filter((_, index) => clusterIds[index] === clusterId).map((claim) => claim.id),
        clusterId,
      );
    }
    lost.forEach((claim, index) => (claim.cluster_id = clusterIds[index]));
  }

  /** Pending claims of clusters decided recently (and not under review again) take the decision now. */
  private async inheritRecentDecisions(pending: ClaimRow[], clusters: Map<string, ClusterState>): Promise<Set<string>> {
    const clusterIds = [...new Set(pending.map((claim) => claim.cluster_id!))];
    const decided = clusterIds
      .map((id) => clusters.get(id))
      .filter((state): state is ClusterState => state !== undefined && !state.hasActiveTask)
      .map((state) => state.cluster)
      .filter((cluster) => this.clusterWorkflow.inheritable(cluster));
    const inheriting = new Set<string>();
    for (const cluster of decided) {
      const members = pending.filter((claim) => claim.cluster_id === cluster.id);
      await this.clusterWorkflow.inherit(members, cluster);
      members.forEach((claim) => inheriting.add(claim.id));
    }
    return inheriting;
  }

  /**
   * Evidence for each claim from every enabled provider, concurrently; best first. A provider that
   * answers batches gets the whole batch in one call; the others get a few claims at a time, so one
   * batch never takes the whole pool. Failures are logged and leave the other providers' findings.
   */
  private async gatherForEach(claims: ClaimRow[]): Promise<Map<string, SourcedFinding[]>> {
    const options = { timeoutMs: this.config.providerTimeoutMs, retries: this.config.providerRetries };
    const paidBudget = claimsForPaidProviders(claims, this.config.maxProviderClaimsPerArticle);
    // outcomes[provider][claim], so equal scores keep the providers' configured order.
    const outcomes = await Promise.all(
      this.providers.map(async (provider): Promise<ProviderOutcome[]> => {
        if (provider.paid && paidBudget.size < claims.length) {
          const asked = claims.filter((claim) => paidBudget.has(claim.id));
          const answered = asked.length > 0 ? await this.askProvider(provider, asked, options) : [];
          const answers = new Map(answered.map((outcome, index) => [asked[index].id, outcome]));
          return claims.map((claim) => answers.get(claim.id) ?? { provider: provider.name, ok: true, findings: [], attempts: 0 });
        }
        return this.askProvider(provider, claims, options);
      }),
    );
    const findings = new Map<string, SourcedFinding[]>();
    claims.forEach((claim, index) => {
      const found: SourcedFinding[] = [];
      for (const outcome of outcomes.map((perClaim) => perClaim[index])) {
        if (outcome.ok) found.push(...outcome.findings.map((finding) => ({ ...finding, source: outcome.provider })));
        else
          this.logger.warn(
            `provider ${outcome.provider} failed for claim ${claim.id} after ${outcome.attempts} attempt(s): ${outcome.error}`,
          );
      }
      findings.set(
        claim.id,
        found.sort((a, b) => b.score - a.score),
      );
    });
    return findings;
  }

  /** One provider's outcome for each claim: one batch call when it can, else a few claims at a time. */
  private async askProvider(
    provider: EvidenceProvider,
    claims: ClaimRow[],
    options: { timeoutMs: number; retries: number },
  ): Promise<ProviderOutcome[]> {
    if (provider.searchMany) {
      const outcome = await callWithRetries(provider.name, (signal) => provider.searchMany!(claims, signal), options);
      return claims.map((_, index) => (outcome.ok ? { ...outcome, findings: outcome.findings[index] ?? [] } : outcome));
    }
    const perClaim: ProviderOutcome[] = new Array(claims.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(PROVIDER_PARALLELISM, claims.length) }, async () => {
        while (next < claims.length) {
          const index = next++;
          perClaim[index] = await callProvider(provider, claims[index], options);
        }
      }),
    );
    return perClaim;
  }
}
