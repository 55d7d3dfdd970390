export type ReviewTaskStatus = 'open' | 'claimed' | 'done' | 'cancelled';

export interface ReviewTaskRow {
  id: string;
  claim_id: string;
  status: ReviewTaskStatus;
  priority: number;
  language: string;
  assignee_id: string | null;
  lease_token: string | null;
  lease_expires_at: Date | null;
  suggestions: unknown[];
  created_at: Date;
  updated_at: Date;
}

export interface NewReviewTask {
  claimId: string;
  priority: number;
  language: string;
  suggestions: unknown[];
}
