export const MAX_CLAIM_TEXT_LENGTH = 10_000;
export const MAX_TITLE_LENGTH = 1000;
export const MAX_RATING_LENGTH = 200;
export const MAX_PUBLISHER_LENGTH = 500;
export const MAX_IMPORT_BATCH = 1000;

export type FactCheckImporterRole = 'newsroom' | 'reviewer';

export interface FactCheckRow {
  id: string;
  claim_text: string;
  title: string | null;
  rating: string;
  url: string | null;
  publisher: string | null;
  language: string | null;
  reviewed_at: Date | null;
  added_by: string | null;
  added_by_role: FactCheckImporterRole | null;
  source_claim_id: string | null;
  created_at: Date;
}

/** A retrieval candidate: the row with the terms its features are computed from. */
export interface FactCheckCandidateRow extends FactCheckRow {
  title_terms: string[] | null;
  claim_terms: string[] | null;
}

export interface NewFactCheck {
  claimText: string;
  title: string | null;
  rating: string;
  url: string | null;
  publisher: string | null;
  language: string | null;
  reviewedAt: string | null;
  claimReview: Record<string, unknown> | null;
  addedBy?: string | null;
  addedByRole?: FactCheckImporterRole | null;
  sourceClaimId?: string | null;
}

/** A new item with its matching terms (src/text/matching/terms.ts), as the repository stores it. */
export interface IndexedFactCheck extends NewFactCheck {
  titleTerms: string[];
  claimTerms: string[];
}
