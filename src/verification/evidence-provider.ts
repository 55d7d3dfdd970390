import type { ClaimRow } from '../workflow/claim.entity';
import type { Stance } from '../fact-checks/rating';
import type { Suggestion } from '../workflow/review-task.entity';

/** What a provider found about a claim: becomes an evidence row and a suggestion on the review task. */
export interface EvidenceFinding {
  url: string | null;
  title: string | null;
  excerpt: string | null;
  stance: Stance;
  score: number;
  suggestion: Omit<Suggestion, 'source'>;
}

/**
 * A source of evidence for automated verification. `search` must honour the signal (it is aborted
 * after PROVIDER_TIMEOUT_MS); a provider that throws or times out is retried, then skipped.
 */
export interface EvidenceProvider {
  /** Stored as the evidence `source` and the suggestion `source`. */
  readonly name: string;
  /**
   * A paid external service: asked only about the MAX_PROVIDER_CLAIMS_PER_ARTICLE most check-worthy
   * claims of each article (the others get no findings from it).
   */
  readonly paid?: boolean;
  search(claim: ClaimRow, signal: AbortSignal): Promise<EvidenceFinding[]>;
  /**
   * Optional: many claims in one call (findings in the claims' order), for providers that can answer
   * a batch for about the cost of one claim. Used for a verification batch instead of `search`.
   */
  searchMany?(claims: ClaimRow[], signal: AbortSignal): Promise<EvidenceFinding[][]>;
}

/** Injection token: the enabled providers, chosen from config in VerificationWorkerModule. */
export const EVIDENCE_PROVIDERS = Symbol('EVIDENCE_PROVIDERS');
