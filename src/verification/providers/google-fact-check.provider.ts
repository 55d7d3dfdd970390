import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import type { ClaimRow } from '../../workflow/claim.entity';
import { textMatchScore } from '../../fact-checks/match-score';
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
 * are scored with the same formula as library matches (without stemming) to order them.
 */
@Injectable()
export class GoogleFactCheckProvider implements EvidenceProvider {
  readonly name = 'google_fact_check';
  readonly paid = true;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async search(claim: ClaimRow, signal: AbortSignal): Promise<EvidenceFinding[]> {
    const url = new URL(this.config.googleFactCheckUrl);
    url.searchParams.set('query', claim.text.slice(0, 1000));
    url.searchParams.set('languageCode', claim.language);
    url.searchParams.set('key', this.config.googleFactCheckApiKey ?? '');
    const response = await fetch(url, { signal, headers: { accept: 'application/json' }, redirect: 'error' });
    if (!response.ok) throw new Error(`claims:search answered ${response.status}`);
    const body = (await response.json()) as { claims?: GoogleClaim[] };
    if (body === null || typeof body !== 'object') throw new Error('claims:search answered something other than a JSON object');
    return parseGoogleClaims(claim.text, Array.isArray(body.claims) ? body.claims : []).slice(0, MAX_FINDINGS);
  }
}

/** Pure mapping of a claims:search answer to findings, best first. */
export function parseGoogleClaims(claimText: string, claims: GoogleClaim[]): EvidenceFinding[] {
  const findings: EvidenceFinding[] = [];
  for (const item of claims) {
    if (typeof item?.text !== 'string' || !Array.isArray(item.claimReview)) continue;
    const score = textMatchScore(claimText, item.text);
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
