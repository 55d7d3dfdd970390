import type { ClaimDto } from '../claims/claim.presenter';
import type { TaskClusterDto } from '../clusters/cluster.presenter';
import { effectivePriority } from '../workflow/review-priority';
import { type ReviewTaskDto } from './review-task.dto';
import { type ReviewTaskViewRow } from '../workflow/review-task.entity';

/** The Review task answer; the lease token is shown only to its holder. */
export function toReviewTaskDto(
  row: ReviewTaskViewRow,
  claim: ClaimDto,
  viewerId: string | null,
  now = new Date(),
  cluster: TaskClusterDto | null = null,
): ReviewTaskDto {
  const holder = row.status === 'claimed' && row.assignee_id !== null && row.assignee_id === viewerId;
  return {
    id: row.id,
    claimId: row.claim_id,
    status: row.status,
    priority: effectivePriority(row.priority, row.created_at, now),
    language: row.language,
    assigneeId: row.assignee_id,
    leaseExpiresAt: row.status === 'claimed' ? (row.lease_expires_at?.toISOString() ?? null) : null,
    ...(holder ? { leaseToken: row.lease_token } : {}),
    claim,
    cluster,
    article: { id: row.article_id, title: row.article_title, url: row.article_url },
    suggestions: row.suggestions ?? [],
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
