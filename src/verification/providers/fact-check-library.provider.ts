import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import type { ClaimRow } from '../../workflow/claim.entity';
import { FactCheckLibrary, ScoredFactCheck } from '../../fact-checks/fact-check-library.service';
import { ratingToStance } from '../../fact-checks/rating';
import type { EvidenceFinding, EvidenceProvider } from '../evidence-provider';

const MAX_MATCHES = 10;

/**
 * Prior fact-checks from claimflow's own library whose calibrated score reaches MATCH_THRESHOLD, from
 * sources trusted for the claim's newsroom (docs/matching.md).
 */
@Injectable()
export class FactCheckLibraryProvider implements EvidenceProvider {
  readonly name = 'prior_fact_check';

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly library: FactCheckLibrary,
  ) {}

  async search(claim: ClaimRow, signal: AbortSignal): Promise<EvidenceFinding[]> {
    return (await this.searchMany([claim], signal))[0];
  }

  async searchMany(claims: ClaimRow[], signal: AbortSignal): Promise<EvidenceFinding[][]> {
    const results = await this.library.searchMany(
      claims.map((claim) => ({
        text: claim.text,
        language: claim.language,
        limit: MAX_MATCHES,
        minScore: this.config.matchThreshold,
        excludeSourceClaimId: claim.id,
        trustedFor: { newsroomId: claim.newsroom_id },
      })),
    );
    signal.throwIfAborted();
    return results.map((matches) => matches.map(toFinding));
  }
}

function toFinding({ row, score }: ScoredFactCheck): EvidenceFinding {
  return {
    url: row.url,
    title: row.title ?? row.claim_text,
    excerpt: `${row.publisher ?? 'A fact-checker'} rated this claim "${row.rating}"`,
    stance: ratingToStance(row.rating),
    score,
    suggestion: {
      factCheckId: row.id,
      claimText: row.claim_text,
      rating: row.rating,
      stance: ratingToStance(row.rating),
      url: row.url,
      publisher: row.publisher,
      score,
    },
  };
}
