import { type ClaimStatus, isTerminalClaimStatus } from './claim-status';

/** The article state machine, as data. Pure. */
export const ARTICLE_STATUSES = ['received', 'extracting', 'verifying', 'completed', 'failed'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const ARTICLE_TRANSITIONS: Readonly<Record<ArticleStatus, readonly ArticleStatus[]>> = {
  received: ['extracting', 'failed'],
  extracting: ['verifying', 'completed', 'failed'],
  verifying: ['completed'],
  completed: ['verifying'], // a promoted claim re-opens the article
  failed: [],
};

export function canTransitionArticle(from: ArticleStatus, to: ArticleStatus): boolean {
  return ARTICLE_TRANSITIONS[from].includes(to);
}

/**
 * The status an article's claims imply once extraction is done: completed when every claim is
 * terminal (an article without check-worthy claims completes at once), verifying otherwise.
 */
export function rolledUpArticleStatus(current: ArticleStatus, claimStatuses: Iterable<ClaimStatus>): ArticleStatus {
  if (current !== 'verifying' && current !== 'completed' && current !== 'extracting') return current;
  for (const status of claimStatuses) if (!isTerminalClaimStatus(status)) return 'verifying';
  return 'completed';
}
