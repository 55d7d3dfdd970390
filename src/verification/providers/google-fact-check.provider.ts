import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import type { ClaimRow } from '../../workflow/claim.entity';
import { FactCheckLibrary } from '../../fact-checks/fact-check-library.service';
import { ratingToStance } from '../../fact-checks/rating';
import { isHttpUrl } from '../../common/validators';
import type { EvidenceFinding, EvidenceProvider } from '../evidence-provider';

const MAX_FINDINGS = 10;

interface GoogleClaimReview {
  publisher?: { name?: string; site?: string };
  url?: string;
  title?: string;
  reviewDate?: string;
  textualRating?: string;
  languageCode?: string;
}
interface GoogleClaim {
  text?: string;
  claimant?: string;
  claimDate?: string;
  claimReview?: GoogleClaimReview[];
}

/**
 * Client of the Google Fact Check Tools `claims:search` API (GET ?query=&languageCode=&key=).
 * Enabled when GOOGLE_FACTCHECK_API_KEY is set. Results are already matches in Google's view; they
 * are scored by the shared matcher (FactCheckLibrary.scoreCandidates: the claim's candidates ranked and
 * calibrated as library matches are), so their scores compare with prior_fact_check evidence.
 */
@Injectable()
export class GoogleFactCheckProvider implements EvidenceProvider {
  readonly name = 'google_fact_check';
  readonly paid = true;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly matcher: FactCheckLibrary,
  ) {}

  async search(claim: ClaimRow, signal: AbortSignal): Promise<EvidenceFinding[]> {
    const url = new URL(this.config.googleFactCheckUrl);
    url.searchParams.set('query', claim.text.slice(0, 1000));
    url.searchParams.set('languageCode', claim.language);
    url.searchParams.set('key', this.config.googleFactCheckApiKey ?? '');
    const response = await fetch(url, { signal, headers: { accept: 'application/json' }, redirect: 'error' });
    if (!response.ok) throw new Error(`claims:search answered ${response.status}`);
    const body = (await response.json()) as { claims?: GoogleClaim[] };
    if (body === null || typeof body !== 'object') throw new Error('claims:search answered something other than a JSON object');
    const claims = reviewedClaims(Array.isArray(body.claims) ? body.claims : []);
    const scores = await this.matcher.scoreCandidates(
      claim.text,
      claim.language,
      claims.map((item) => ({
        title: item.claimReview.find((review) => typeof review?.title === 'string')?.title ?? null,
        claimText: item.text,
      })),
    );
    return parseGoogleClaims(claims, scores).slice(0, MAX_FINDINGS);
  }
}

type ReviewedClaim = GoogleClaim & { text: string; claimReview: GoogleClaimReview[] };

/** The answer's claims that have a text and reviews (the ones findings come from). */
export function reviewedClaims(claims: GoogleClaim[]): ReviewedClaim[] {
  return claims.filter((item): item is ReviewedClaim => typeof item?.text === 'string' && Array.isArray(item.claimReview));
}

/** Pure mapping of reviewed claims and their match scores (same order) to findings, best first. */
export function parseGoogleClaims(claims: ReviewedClaim[], scores: readonly number[]): EvidenceFinding[] {
  const findings: EvidenceFinding[] = [];
  for (const [index, item] of claims.entries()) {
    const score = scores[index] ?? 0;
    for (const review of item.claimReview) {
      const rating = typeof review?.textualRating === 'string' ? review.textualRating.slice(0, 200) : null;
      if (!rating) continue;
      const url = isHttpUrl(review.url) ? review.url : null;
      const publisher = typeof review.publisher?.name === 'string' ? review.publisher.name.slice(0, 500) : null;
      const stance = ratingToStance(rating);
      findings.push({
        url,
        title: typeof review.title === 'string' ? review.title.slice(0, 1000) : item.text.slice(0, 1000),
        excerpt: `${publisher ?? 'A fact-checker'} rated "${item.text.slice(0, 500)}" ${rating}`,
        stance,
        score,
        suggestion: { factCheckId: null, claimText: item.text.slice(0, 2000), rating, stance, url, publisher, score },
      });
    }
  }
  return findings.sort((a, b) => b.score - a.score);
}
