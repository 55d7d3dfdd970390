import { extractClaims, htmlToText, type ExtractedClaim } from '../text';
import { closestNearDuplicate, clusterLookup, type ClusterLookup, type NearDuplicateQuery } from '../workflow/near-duplicate';

/** Work that runs in an extraction thread. Pure: plain data in, plain data out. */
export type ExtractionTask =
  | { kind: 'html-to-text'; html: string }
  | {
      kind: 'extract';
      text: string;
      language?: string;
      threshold: number;
      maxClaims: number;
      withText: boolean;
      /** Also each check-worthy claim's cluster lookup (for storing the claims; a preview has no use for it). */
      withClusterLookups?: boolean;
    }
  | { kind: 'closest-near-duplicates'; queries: NearDuplicateQuery[] };

export interface ExtractTaskResult {
  language: string;
  /** The text the offsets refer to (only when asked for: a stored article has it already). */
  text?: string;
  /** At most `maxClaims`, in text order. */
  claims: ExtractedClaim[];
  /** Sentences found, including those past `maxClaims`. */
  totalClaims: number;
  /** clusterLookup of each claim's text, in `claims`' order; null for a claim not check-worthy (it joins no cluster). */
  clusterLookups?: Array<ClusterLookup | null>;
}

export function runExtractionTask(task: ExtractionTask): string | ExtractTaskResult | number[] {
  if (task.kind === 'html-to-text') return htmlToText(task.html);
  if (task.kind === 'closest-near-duplicates') return task.queries.map(closestNearDuplicate);
  const result = extractClaims({ text: task.text, language: task.language }, task.threshold);
  const claims = result.claims.length > task.maxClaims ? result.claims.slice(0, task.maxClaims) : result.claims;
  return {
    language: result.language,
    text: task.withText ? result.text : undefined,
    claims,
    totalClaims: result.claims.length,
    clusterLookups: task.withClusterLookups ? claims.map((claim) => (claim.checkworthy ? clusterLookup(claim.text) : null)) : undefined,
  };
}
