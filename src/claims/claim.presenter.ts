import { type ClaimEventRow, type ClaimRow, type EvidenceRow } from '../workflow/claim.entity';

export function toEvidenceDto(row: EvidenceRow) {
  return {
    id: row.id,
    url: row.url,
    title: row.title,
    excerpt: row.excerpt,
    stance: row.stance,
    source: row.source,
    score: row.score,
    createdAt: row.created_at.toISOString(),
  };
}

export function toVerdictDto(row: ClaimRow) {
  if (row.verdict_rating === null) return null;
  return {
    rating: row.verdict_rating,
    summary: row.verdict_summary,
    reviewerId: row.verdict_reviewer_id,
    decidedAt: row.verdict_decided_at?.toISOString() ?? null,
  };
}

export function toClaimDto(row: ClaimRow, evidence: EvidenceRow[]) {
  return {
    id: row.id,
    articleId: row.article_id,
    text: row.text,
    start: row.start_offset,
    end: row.end_offset,
    checkworthiness: Math.round(row.checkworthiness * 10000) / 10000,
    status: row.status,
    clusterId: row.cluster_id,
    version: row.version,
    language: row.language,
    context: { before: row.context_before, after: row.context_after },
    verdict: toVerdictDto(row),
    verdictInherited: row.verdict_inherited,
    evidence: evidence.map(toEvidenceDto),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
export type ClaimDto = ReturnType<typeof toClaimDto>;

export function toClaimEventDto(row: ClaimEventRow) {
  return {
    from: row.from_status,
    to: row.to_status,
    version: row.version,
    at: row.at.toISOString(),
    actorId: row.actor_id,
    reason: row.reason,
  };
}

/** Groups evidence rows by claim id. */
export function evidenceByClaim(rows: EvidenceRow[]): Map<string, EvidenceRow[]> {
  const map = new Map<string, EvidenceRow[]>();
  for (const row of rows) map.set(row.claim_id, [...(map.get(row.claim_id) ?? []), row]);
  return map;
}
