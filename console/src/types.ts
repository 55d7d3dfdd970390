// The parts of the public API's answers that the console shows (see ../shared/spec/api.md).

export const RATINGS = ['true', 'mostly_true', 'mixed', 'mostly_false', 'false', 'misleading', 'unverifiable'] as const;
export type Rating = (typeof RATINGS)[number];
export const STANCES = ['supports', 'refutes', 'context'] as const;
export type Stance = (typeof STANCES)[number];

export type ClaimStatus = 'not_checkworthy' | 'pending' | 'verifying' | 'needs_review' | 'in_review' | 'verified' | 'dismissed';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Verdict {
  rating: string;
  summary: string;
  reviewerId: string | null;
  decidedAt: string | null;
}

export interface Evidence {
  id: string;
  url?: string | null;
  title?: string | null;
  excerpt?: string | null;
  stance: Stance;
  source: string;
  score?: number | null;
}

export interface Claim {
  id: string;
  articleId: string;
  text: string;
  start: number;
  end: number;
  checkworthiness: number;
  status: ClaimStatus;
  language?: string | null;
  context?: { before: string | null; after: string | null };
  verdict: Verdict | null;
  evidence: Evidence[];
  clusterId?: string | null;
}

export interface Suggestion {
  source?: string;
  factCheckId?: string | null;
  claimText: string;
  title?: string | null;
  rating: string;
  url?: string | null;
  publisher?: string | null;
  score: number;
}

export interface ReviewTask {
  id: string;
  claimId: string;
  status: 'open' | 'claimed' | 'done' | 'cancelled';
  priority: number;
  language?: string;
  assigneeId: string | null;
  leaseExpiresAt: string | null;
  leaseToken?: string | null;
  claim: Claim;
  article: { id: string; title: string | null; url: string | null };
  suggestions: Suggestion[];
  cluster?: { id: string; size: number; claims: { id: string; articleId: string; text: string; status: string }[] };
  createdAt: string;
  updatedAt?: string;
}

export interface TaskArticle {
  id: string;
  title: string | null;
  url: string | null;
  language: string | null;
  newsroom?: { id: string; name: string | null };
  text: string;
}

export type ArticleStatus = 'received' | 'extracting' | 'verifying' | 'completed' | 'failed';

export interface ArticleSummary {
  id: string;
  status: ArticleStatus;
  title: string | null;
  url: string | null;
  language: string | null;
  failureReason?: string | null;
  counts: Record<string, number>;
  createdAt: string;
}

export interface Article extends ArticleSummary {
  text: string;
  claims: Claim[];
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description?: string | null;
  events: string[];
  disabledAt?: string | null;
  disabledReason?: string | null;
  secret?: string;
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}
