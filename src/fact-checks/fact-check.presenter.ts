import { type FactCheckDto, type FactCheckMatchDto, type FactCheckSummaryDto } from './fact-check.dto';
import { type FactCheckRow } from './fact-check.entity';

function toSummary(row: FactCheckRow): FactCheckSummaryDto {
  return {
    id: row.id,
    claimText: row.claim_text,
    title: row.title,
    rating: row.rating,
    url: row.url,
    publisher: row.publisher,
    language: row.language,
    reviewedAt: row.reviewed_at?.toISOString() ?? null,
  };
}

export function toFactCheckDto(row: FactCheckRow): FactCheckDto {
  return { ...toSummary(row), addedBy: row.added_by, sourceClaimId: row.source_claim_id, createdAt: row.created_at.toISOString() };
}

export function toFactCheckMatchDto(row: FactCheckRow, score: number): FactCheckMatchDto {
  return { ...toSummary(row), score };
}
