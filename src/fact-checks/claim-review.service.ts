import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { ArticleRepository } from '../workflow/article.repository';
import { AuthRepository } from '../auth/auth.repository';
import type { Principal } from '../common/principal';
import { ClaimsService } from '../claims/claims.service';
import { ClaimRow } from '../workflow/claim.entity';
import { ArticleSummaryRow } from '../workflow/article.entity';
import { isVerdictRating } from '../workflow/verdict-rating';
import { ClaimReviewDocument, toClaimReview } from './claim-review';

@Injectable()
export class ClaimReviewService {
  constructor(
    private readonly claims: ClaimsService,
    private readonly articles: ArticleRepository,
    private readonly auth: AuthRepository,
  ) {}

  /** The schema.org ClaimReview of a verified claim the principal may read; 409 before the verdict. */
  async export(principal: Principal, claimId: string): Promise<ClaimReviewDocument> {
    const claim = await this.claims.findVisible(principal, claimId);
    if (claim.status !== 'verified') {
      throw new ConflictException(`claim ${claimId} is ${claim.status}; a ClaimReview exists only for a verified claim`);
    }
    const [article, newsroomName] = await Promise.all([
      this.articles.findSummary(claim.article_id),
      this.auth.findNewsroomName(claim.newsroom_id),
    ]);
    if (!article) throw new NotFoundException(`claim ${claimId} not found`);
    return claimReviewOf(claim, article, newsroomName ?? 'claimflow');
  }
}

export function claimReviewOf(claim: ClaimRow, article: ArticleSummaryRow, newsroomName: string): ClaimReviewDocument {
  const rating = claim.verdict_rating;
  if (!isVerdictRating(rating) || !claim.verdict_decided_at) throw new ConflictException(`claim ${claim.id} has no verdict`);
  return toClaimReview({
    claim: {
      id: claim.id,
      text: claim.text,
      language: claim.language,
      rating,
      summary: claim.verdict_summary,
      decidedAt: claim.verdict_decided_at,
    },
    article: { url: article.url, title: article.title, publishedAt: article.published_at, createdAt: article.created_at },
    newsroomName,
  });
}
