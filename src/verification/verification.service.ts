import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionHost } from '../database/transaction-host';
import { ArticleRepository } from '../articles/article.repository';
import { ClaimRow } from '../claims/claim.entity';
import { ClaimRepository } from '../claims/claim.repository';
import { ClaimWorkflow } from '../claims/claim-workflow.service';
import { ReviewTaskRepository } from '../review-tasks/review-task.repository';
import { basePriority } from '../review-tasks/review-priority';
import { Suggestion } from '../review-tasks/review-task.entity';
import { EVIDENCE_PROVIDERS, EvidenceFinding } from './evidence-provider';
import type { EvidenceProvider } from './evidence-provider';
import { callProvider, callWithRetries, ProviderOutcome } from './provider-call';
import { claimsForPaidProviders } from './paid-provider-budget';

type SourcedFinding = EvidenceFinding & { source: string };

/** Claims of one batch asked about at the same time. */
const PROVIDER_PARALLELISM = 4;

@Injectable()
export class VerificationService {
  private readonly logger = new Logger(VerificationService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVIDENCE_PROVIDERS) private readonly providers: EvidenceProvider[],
    private readonly tx: TransactionHost,
    private readonly workflow: ClaimWorkflow,
    private readonly claims: ClaimRepository,
    private readonly articles: ArticleRepository,
    private readonly tasks: ReviewTaskRepository,
  ) {}

  /**
   * pending -> verifying, then every provider is asked with no transaction open (slow or failing
   * providers hold no locks), then verifying -> needs_review with the evidence and an open review
   * task. Claims are handled as a batch (an article's check-worthy claims share one job and a handful
   * of statements). Idempotent: claims already past `verifying` are left alone; ones left in
   * `verifying` by a crash are picked up again, and their automated evidence is replaced, never duplicated.
   */
  async verifyClaims(claimIds: string[]): Promise<'verified' | 'skipped'> {
    const started = await this.tx.run(async () => {
      const claims = await this.workflow.lockMany(claimIds);
      const moved = await this.workflow.transitionMany(
        claims.filter((claim) => claim.status === 'pending'),
        'verifying',
      );
      return [...claims.filter((claim) => claim.status === 'verifying'), ...moved];
    });
    if (started.length === 0) return 'skipped';

    const findings = await this.gatherForEach(started);

    return this.tx.run(async () => {
      const claims = (await this.workflow.lockMany(started.map((claim) => claim.id))).filter((claim) => claim.status === 'verifying');
      if (claims.length === 0) return 'skipped';
      const urgency = await this.articles.urgencies([...new Set(claims.map((claim) => claim.article_id))]);
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
      await this.workflow.transitionMany(claims, 'needs_review');
      await this.tasks.openMany(
        claims.map((claim) => ({
          claimId: claim.id,
          priority: basePriority(claim.checkworthiness, urgency.get(claim.article_id) ?? 0),
          language: claim.language,
          suggestions: (findings.get(claim.id) ?? []).map((finding): Suggestion => ({ source: finding.source, ...finding.suggestion })),
        })),
      );
      return 'verified';
    });
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
