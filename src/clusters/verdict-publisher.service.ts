import { Injectable } from '@nestjs/common';
import { ArticleRepository } from '../workflow/article.repository';
import { ClaimRow } from '../workflow/claim.entity';
import { ClaimRepository } from '../workflow/claim.repository';
import { evidenceByClaim, toEvidenceDto, toVerdictDto } from '../claims/claim.presenter';
import { claimReviewOf } from '../fact-checks/claim-review.service';
import { FactCheckLibrary } from '../fact-checks/fact-check-library.service';
import { FactCheckRepository } from '../fact-checks/fact-check.repository';
import { WebhookEventRecorder } from '../webhooks/webhook-event-recorder';

/**
 * Verified claims join the library and are announced (`claim.verified`, to each claim's own
 * newsroom), in the caller's transaction; one read per kind of row however many claims.
 */
@Injectable()
export class VerdictPublisher {
  constructor(
    private readonly articles: ArticleRepository,
    private readonly claims: ClaimRepository,
    private readonly library: FactCheckLibrary,
    private readonly factChecks: FactCheckRepository,
    private readonly events: WebhookEventRecorder,
  ) {}

  async publish(verified: ClaimRow[]): Promise<void> {
    if (verified.length === 0) return;
    // One after another: inside a transaction they share one connection. A claim's newsroom is its
    // article's, so the articles' read names the publishers too.
    const articles = new Map(
      (await this.articles.findSummariesWithNewsroomName([...new Set(verified.map((claim) => claim.article_id))])).map((a) => [a.id, a]),
    );
    const evidence = evidenceByClaim(await this.claims.evidenceOf(verified.map((claim) => claim.id)));
    await this.library.add(
      verified.map((claim) => {
        const article = articles.get(claim.article_id)!;
        const publisher = article.newsroom_name ?? 'claimflow';
        return {
          claimText: claim.text,
          title: null,
          rating: claim.verdict_rating!,
          url: article.url,
          publisher,
          language: claim.language,
          reviewedAt: claim.verdict_decided_at!.toISOString(),
          claimReview: claimReviewOf(claim, article, publisher),
          addedBy: claim.verdict_reviewer_id,
          addedByRole: 'reviewer',
          sourceClaimId: claim.id,
        };
      }),
    );
    await this.events.record(
      verified.map((claim) => ({
        newsroomId: claim.newsroom_id,
        type: 'claim.verified' as const,
        occurredAt: claim.updated_at,
        data: {
          claimId: claim.id,
          articleId: claim.article_id,
          ...(claim.cluster_id ? { clusterId: claim.cluster_id } : {}),
          verdict: toVerdictDto(claim),
          evidence: (evidence.get(claim.id) ?? []).map(toEvidenceDto),
        },
      })),
    );
  }

  /** A withdrawn verdict leaves the library. */
  withdraw(claimIds: string[]): Promise<void> {
    return this.factChecks.removeBySourceClaims(claimIds);
  }
}
