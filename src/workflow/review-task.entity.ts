import type { ClaimRow, EvidenceRow } from './claim.entity';
import type { ClusterMemberRow } from './cluster.entity';
export type ReviewTaskStatus = 'open' | 'claimed' | 'done' | 'cancelled';
export const REVIEW_TASK_STATUSES: readonly ReviewTaskStatus[] = ['open', 'claimed', 'done', 'cancelled'];

export interface ReviewTaskRow {
  id: string;
  /** The claim the task is presented with; the task decides its whole cluster. */
  claim_id: string;
  /** Null only for tasks from before clusters that no migration reached (see docs/clusters.md). */
  cluster_id: string | null;
  /** The newsroom of its claim (kept by a trigger), for fair claim-next. */
  newsroom_id: string | null;
  status: ReviewTaskStatus;
  /** Base priority, 0..1 (see review-priority.ts); the answer shows it aged. */
  priority: number;
  rank_key: number;
  language: string;
  assignee_id: string | null;
  lease_token: string | null;
  lease_expires_at: Date | null;
  suggestions: unknown[];
  created_at: Date;
  updated_at: Date;
}

/** A task with what its answer shows of the article. */
export interface ReviewTaskViewRow extends ReviewTaskRow {
  article_id: string;
  article_title: string | null;
  article_url: string | null;
}

/** A task with everything its answer shows: its claim with the claim's evidence, and its cluster's members. */
export interface ReviewTaskAnswerRow extends ReviewTaskViewRow {
  claim: ClaimRow;
  evidence: EvidenceRow[];
  members: ClusterMemberRow[];
}

export interface NewReviewTask {
  claimId: string;
  clusterId: string | null;
  priority: number;
  language: string;
  suggestions: unknown[];
}

/** A prior fact-check or external review shown to the reviewer, best first. */
export interface Suggestion {
  source: string;
  factCheckId: string | null;
  claimText: string;
  rating: string;
  stance: 'supports' | 'refutes' | 'context';
  url: string | null;
  publisher: string | null;
  score: number;
}
