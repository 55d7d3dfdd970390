import type { ClaimStatus } from './claim-status';

export type ClusterStatus = 'open' | 'verified' | 'dismissed';

export interface ClusterRow {
  id: string;
  status: ClusterStatus;
  verdict_rating: string | null;
  verdict_summary: string | null;
  verdict_reviewer_id: string | null;
  decided_at: Date | null;
  decided_task_id: string | null;
  dismiss_reason: string | null;
  merged_into_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A member as the cluster and task answers show it, with its article. */
export interface ClusterMemberRow {
  cluster_id: string;
  id: string;
  article_id: string;
  newsroom_id: string;
  text: string;
  status: ClaimStatus;
  article_title: string | null;
  article_url: string | null;
}

export interface ClusterKeyInput {
  key: string;
  clusterId: string;
  normalized: string;
  sample: string;
  language: string;
  guard: string | null;
  length: number;
}

export interface ClusterDecision {
  status: 'verified' | 'dismissed';
  rating: string | null;
  summary: string | null;
  reviewerId: string;
  taskId: string | null;
  dismissReason: string | null;
  decidedAt?: Date | null;
}
