import {
  CLAIM_STATUSES,
  CLAIM_TRANSITIONS,
  canTransitionClaim,
  assertClaimTransition,
  InvalidTransitionError,
  isTerminalClaimStatus,
  initialClaimStatus,
} from './claim-status';
import { ARTICLE_STATUSES, type ArticleStatus, canTransitionArticle, rolledUpArticleStatus } from './article-status';

const ALLOWED = new Set([
  'received->extracting',
  'received->failed',
  'extracting->verifying',
  'extracting->completed',
  'extracting->failed',
  'verifying->completed',
  'completed->verifying',
]);

/** Every (from, to) article pair with whether the documented machine allows it. */
function articleTransitionsTable(): Array<[ArticleStatus, ArticleStatus, boolean]> {
  return ARTICLE_STATUSES.flatMap((from) =>
    ARTICLE_STATUSES.map((to): [ArticleStatus, ArticleStatus, boolean] => [from, to, ALLOWED.has(`${from}->${to}`)]),
  );
}

describe('claim state machine', () => {
  const allowed = new Set(Object.entries(CLAIM_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}->${to}`)));

  it.each(CLAIM_STATUSES.flatMap((from) => CLAIM_STATUSES.map((to) => [from, to] as const)))('%s -> %s follows the table', (from, to) => {
    const expected = allowed.has(`${from}->${to}`);
    expect(canTransitionClaim(from, to)).toBe(expected);
    if (expected) expect(() => assertClaimTransition(from, to)).not.toThrow();
    else expect(() => assertClaimTransition(from, to)).toThrow(InvalidTransitionError);
  });

  it('follows the documented workflow', () => {
    expect([...allowed].sort()).toEqual(
      [
        'in_review->dismissed',
        'in_review->needs_review',
        'in_review->verified',
        'needs_review->in_review',
        'needs_review->verified',
        'needs_review->dismissed',
        'not_checkworthy->pending',
        'pending->verifying',
        'pending->verified',
        'pending->dismissed',
        'verifying->needs_review',
        'verifying->in_review',
        'verifying->verified',
        'verifying->dismissed',
        'verified->needs_review',
        'dismissed->needs_review',
      ].sort(),
    );
  });

  it('knows terminal and initial statuses', () => {
    expect(CLAIM_STATUSES.filter(isTerminalClaimStatus)).toEqual(['not_checkworthy', 'verified', 'dismissed']);
    expect(initialClaimStatus(true)).toBe('pending');
    expect(initialClaimStatus(false)).toBe('not_checkworthy');
  });
});

describe('article state machine and roll-up', () => {
  it.each(articleTransitionsTable())('%s -> %s allowed: %s', (from, to, expected) => {
    expect(canTransitionArticle(from, to)).toBe(expected);
  });

  it('completes when every claim is terminal, and at once when there is no check-worthy claim', () => {
    expect(rolledUpArticleStatus('extracting', [])).toBe('completed');
    expect(rolledUpArticleStatus('extracting', ['not_checkworthy'])).toBe('completed');
    expect(rolledUpArticleStatus('extracting', ['pending', 'not_checkworthy'])).toBe('verifying');
    expect(rolledUpArticleStatus('verifying', ['verified', 'dismissed', 'not_checkworthy'])).toBe('completed');
    expect(rolledUpArticleStatus('verifying', ['verified', 'in_review'])).toBe('verifying');
    expect(rolledUpArticleStatus('completed', ['verified', 'pending'])).toBe('verifying');
  });

  it('leaves received and failed articles to extraction', () => {
    expect(rolledUpArticleStatus('received', ['verified'])).toBe('received');
    expect(rolledUpArticleStatus('failed', [])).toBe('failed');
    expect(ARTICLE_STATUSES.filter((status) => canTransitionArticle('failed', status))).toEqual([]);
  });
});
