import type { ClaimStatus } from './claim-status';

export interface ClaimRow {
  id: string;
  article_id: string;
  newsroom_id: string;
  seq: number;
  text: string;
  start_offset: number;
  end_offset: number;
  checkworthiness: number;
  language: string;
  context_before: string | null;
  context_after: string | null;
  status: ClaimStatus;
  version: number;
  verdict_rating: string | null;
  verdict_summary: string | null;
  verdict_reviewer_id: string | null;
  verdict_decided_at: Date | null;
  /** The verdict or dismissal came from the claim's cluster (a reviewer decided another member). */
  verdict_inherited: boolean;
  /** Null only for a not_checkworthy claim never promoted (docs/clusters.md). */
  cluster_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface ClaimEventRow {
  claim_id: string;
  from_status: ClaimStatus | null;
  to_status: ClaimStatus;
  version: number;
  actor_id: string | null;
  reason: string | null;
  at: Date;
}

export interface EvidenceRow {
  id: string;
  claim_id: string;
  url: string | null;
  title: string | null;
  excerpt: string | null;
  stance: 'supports' | 'refutes' | 'context';
  source: string;
  score: number | null;
  created_by: string | null;
  created_at: Date;
}

export interface NewClaim {
  id: string;
  articleId: string;
  newsroomId: string;
  seq: number;
  text: string;
  start: number;
  end: number;
  checkworthiness: number;
  language: string;
  contextBefore: string | null;
  contextAfter: string | null;
  status: ClaimStatus;
  clusterId: string | null;
}

export interface NewEvidence {
  claimId: string;
  url?: string | null;
  title?: string | null;
  excerpt?: string | null;
  stance: 'supports' | 'refutes' | 'context';
  source: string;
  score?: number | null;
  createdBy?: string | null;
}
