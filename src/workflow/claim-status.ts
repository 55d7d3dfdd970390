import { InvalidTransitionError } from '../common/invalid-transition.error';

export { InvalidTransitionError };

/** The claim state machine: every allowed transition, as data. Pure; no Nest or database imports. */
export const CLAIM_STATUSES = ['not_checkworthy', 'pending', 'verifying', 'needs_review', 'in_review', 'verified', 'dismissed'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const CLAIM_TRANSITIONS: Readonly<Record<ClaimStatus, readonly ClaimStatus[]>> = {
  not_checkworthy: ['pending'], // promoted into the workflow
  // verifying; or a decision of its cluster reaches it (a verdict given meanwhile, or an earlier one it inherits)
  pending: ['verifying', 'verified', 'dismissed'],
  // needs_review with a task; in_review when it joins a cluster whose task a reviewer holds; or its cluster's decision
  verifying: ['needs_review', 'in_review', 'verified', 'dismissed'],
  needs_review: ['in_review', 'verified', 'dismissed'], // claimed; or its cluster's decision
  in_review: ['needs_review', 'verified', 'dismissed'], // release or lapsed lease; verdict; dismissal
  verified: ['needs_review'], // detached from its cluster: a verdict that came from the cluster is withdrawn
  dismissed: ['needs_review'], // likewise for a dismissal that came from the cluster
};

export const INITIAL_CLAIM_STATUSES: readonly ClaimStatus[] = ['pending', 'not_checkworthy'];
export const TERMINAL_CLAIM_STATUSES: readonly ClaimStatus[] = ['not_checkworthy', 'verified', 'dismissed'];

export function canTransitionClaim(from: ClaimStatus, to: ClaimStatus): boolean {
  return CLAIM_TRANSITIONS[from]?.includes(to) ?? false;
}

export function assertClaimTransition(from: ClaimStatus, to: ClaimStatus): void {
  if (!canTransitionClaim(from, to)) throw new InvalidTransitionError(from, to);
}

export function isTerminalClaimStatus(status: ClaimStatus): boolean {
  return TERMINAL_CLAIM_STATUSES.includes(status);
}

export function initialClaimStatus(checkworthy: boolean): ClaimStatus {
  return checkworthy ? 'pending' : 'not_checkworthy';
}
