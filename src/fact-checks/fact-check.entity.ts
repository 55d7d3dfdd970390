export const MAX_CLAIM_TEXT_LENGTH = 10_000;
export const MAX_RATING_LENGTH = 200;
export const MAX_PUBLISHER_LENGTH = 500;
export const MAX_IMPORT_BATCH = 1000;

export interface FactCheckRow {
  id: string;
  claim_text: string;
  rating: string;
  url: string | null;
  publisher: string | null;
  language: string | null;
  reviewed_at: Date | null;
  added_by: string | null;
  source_claim_id: string | null;
  created_at: Date;
}

/** A library candidate with the raw parts of its match score (see match-score.ts). */
export interface FactCheckMatchRow extends FactCheckRow {
  lexemes: string[];
  trigram: number;
}

export interface NewFactCheck {
  claimText: string;
  rating: string;
  url: string | null;
  publisher: string | null;
  language: string | null;
  reviewedAt: string | null;
  claimReview: Record<string, unknown> | null;
  addedBy?: string | null;
  sourceClaimId?: string | null;
}
