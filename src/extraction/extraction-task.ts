import { extractClaims, htmlToText, type ExtractedClaim } from '../text';

/** Work that runs in an extraction thread. Pure: plain data in, plain data out. */
export type ExtractionTask =
  | { kind: 'html-to-text'; html: string }
  | { kind: 'extract'; text: string; language?: string; threshold: number; maxClaims: number; withText: boolean };

export interface ExtractTaskResult {
  language: string;
  /** The text the offsets refer to (only when asked for: a stored article has it already). */
  text?: string;
  /** At most `maxClaims`, in text order. */
  claims: ExtractedClaim[];
  /** Sentences found, including those past `maxClaims`. */
  totalClaims: number;
}

export function runExtractionTask(task: ExtractionTask): string | ExtractTaskResult {
  if (task.kind === 'html-to-text') return htmlToText(task.html);
  const result = extractClaims({ text: task.text, language: task.language }, task.threshold);
  return {
    language: result.language,
    text: task.withText ? result.text : undefined,
    claims: result.claims.length > task.maxClaims ? result.claims.slice(0, task.maxClaims) : result.claims,
    totalClaims: result.claims.length,
  };
}
