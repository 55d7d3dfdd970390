import type { ClusterMemberRow, ClusterRow } from '../workflow/cluster.entity';

export function toClusterMemberDto(row: ClusterMemberRow) {
  return {
    id: row.id,
    articleId: row.article_id,
    text: row.text,
    status: row.status,
    article: { id: row.article_id, title: row.article_title, url: row.article_url },
  };
}
export type ClusterMemberDto = ReturnType<typeof toClusterMemberDto>;

/** What a task answer shows of its cluster: every member (the task is a reviewer's). */
export function toTaskClusterDto(clusterId: string, size: number, members: ClusterMemberRow[]) {
  return { id: clusterId, size, claims: members.map(toClusterMemberDto) };
}
export type TaskClusterDto = ReturnType<typeof toTaskClusterDto>;

export function toClusterVerdictDto(row: ClusterRow) {
  if (row.status !== 'verified' || row.verdict_rating === null) return null;
  return {
    rating: row.verdict_rating,
    summary: row.verdict_summary,
    reviewerId: row.verdict_reviewer_id,
    decidedAt: row.decided_at?.toISOString() ?? null,
  };
}

/** `GET /v1/clusters/{id}`: `claims` are the members the viewer may see, `size` counts them all. */
export function toClusterDto(row: ClusterRow, size: number, members: ClusterMemberRow[]) {
  return {
    id: row.id,
    size,
    status: row.status,
    verdict: toClusterVerdictDto(row),
    dismissal: row.status === 'dismissed' ? { reason: row.dismiss_reason, decidedAt: row.decided_at?.toISOString() ?? null } : null,
    claims: members.map(toClusterMemberDto),
    mergedIntoId: row.merged_into_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
export type ClusterDto = ReturnType<typeof toClusterDto>;
