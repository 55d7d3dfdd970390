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
import { callProvider } from './provider-call';

type SourcedFinding = EvidenceFinding & { source: string };

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
   * task. Idempotent: a claim already past `verifying` is left alone; one left in `verifying` by a
   * crash is picked up again, and its automated evidence is replaced, never duplicated.
   */
  async verifyClaim(claimId: string): Promise<'verified' | 'skipped'> {
    const started = await this.tx.run(async () => {
      const claim = await this.workflow.lock(claimId);
      if (claim?.status === 'pending') return this.workflow.transition(claim, 'verifying');
      return claim?.status === 'verifying' ? claim : null;
    });
    if (!started) return 'skipped';

    const findings = await this.gatherEvidence(started);

    return this.tx.run(async () => {
      const claim = await this.workflow.lock(claimId);
      if (!claim || claim.status !== 'verifying') return 'skipped';
      const article = await this.articles.findSummary(claim.article_id);
      await this.claims.removeAutomatedEvidence(claimId);
      await this.claims.addEvidence(
        findings.map((finding) => ({
          claimId, url: finding.url, title: finding.title, excerpt: finding.excerpt,
          stance: finding.stance, source: finding.source, score: finding.score,
        })),
      );
      await this.workflow.transition(claim, 'needs_review');
      await this.tasks.open({
        claimId,
        priority: basePriority(claim.checkworthiness, article?.urgency ?? 0),
        language: claim.language,
        suggestions: findings.map((finding): Suggestion => ({ source: finding.source, ...finding.suggestion })),
      });
      return 'verified';
    });
  }

  /** Every enabled provider, concurrently; failures are logged and leave the others' findings. Best first. */
  private async gatherEvidence(claim: ClaimRow): Promise<SourcedFinding[]> {
    const outcomes = await Promise.all(
      this.providers.map((provider) =>
        callProvider(provider, claim, { timeoutMs: this.config.providerTimeoutMs, retries: this.config.providerRetries }),
      ),
    );
    const findings: SourcedFinding[] = [];
    for (const outcome of outcomes) {
      if (outcome.ok) findings.push(...outcome.findings.map((finding) => ({ ...finding, source: outcome.provider })));
      else this.logger.warn(`provider ${outcome.provider} failed for claim ${claim.id} after ${outcome.attempts} attempt(s): ${outcome.error}`);
    }
    return findings.sort((a, b) => b.score - a.score);
  }
}
