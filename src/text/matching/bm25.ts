/**
 * BM25 (Robertson and Zaragoza's form, idf = ln(1 + (N - df + 0.5) / (df + 0.5))). Pure.
 * k1 and b are the usual 1.2 and 0.75 (cross-validation on train moved MAP@5 by less than 0.005).
 */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
/** The fixed average length the stored postings are ordered by (see impactOrder). */
export const REFERENCE_AVERAGE_LENGTH = 20;

export function idf(documentFrequency: number, documents: number): number {
  const n = Math.max(documents, documentFrequency, 1);
  return Math.log(1 + (n - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** One term's BM25 contribution for a document. */
export function bm25Term(tf: number, docLength: number, averageLength: number, termIdf: number): number {
  if (tf <= 0) return 0;
  const norm = 1 - BM25_B + (BM25_B * docLength) / Math.max(averageLength, 1);
  return (termIdf * (tf * (BM25_K1 + 1))) / (tf + BM25_K1 * norm);
}

/**
 * The order a term's postings are stored and read in: BM25's tf part at a fixed average length. The
 * live score uses the live average; this order only decides which postings of a very common term are
 * read when a query reads at most a capped number of them.
 */
export function impactOrder(tf: number, docLength: number): number {
  return bm25Term(tf, docLength, REFERENCE_AVERAGE_LENGTH, 1);
}

export interface Posting {
  term: string;
  tf: number;
}

/** Distinct terms with their counts, sorted by term (a stable order for locks and tests). */
export function postingsOf(terms: readonly string[]): Posting[] {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return [...counts]
    .map(([term, tf]) => ({ term, tf: Math.min(tf, 32767) }))
    .sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
}
