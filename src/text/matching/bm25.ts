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

/** The rarest query terms retrieval reads postings for (a 2,000-character query has hundreds). */
export const MAX_RETRIEVAL_TERMS = 32;
/** Postings read per query at most, over all its terms: what bounds a search at any library size. */
export const POSTINGS_BUDGET = 5000;
/** Postings read per term at most, and per common term (in more than COMMON_TERM_SHARE of the items). */
export const POSTINGS_PER_TERM = 1000;
export const POSTINGS_PER_COMMON_TERM = 200;
export const COMMON_TERM_SHARE = 0.01;

export interface RetrievalTerm {
  term: string;
  /** The term's idf: its weight in the first-stage BM25. */
  weight: number;
  /** How many of its postings (the highest-impact ones) to read. */
  postings: number;
}

/**
 * Which postings a query reads: its distinct terms the library holds, rarest first, at most
 * MAX_RETRIEVAL_TERMS of them, each up to POSTINGS_PER_TERM postings (POSTINGS_PER_COMMON_TERM for
 * common ones, whose idf is small), until POSTINGS_BUDGET is spent; a term left without budget is not
 * read. Rare terms, which decide which items are candidates, are read in full; a common term only
 * contributes its highest-impact postings (short items using it often), like a max-score cut.
 * The re-ranker recomputes BM25 of every candidate exactly, so this only decides the candidates.
 */
export function retrievalTerms(
  terms: Iterable<string>,
  documentFrequency: ReadonlyMap<string, number>,
  documents: number,
): RetrievalTerm[] {
  const present = [...new Set(terms)]
    .map((term) => ({ term, df: documentFrequency.get(term) ?? 0 }))
    .filter((term) => term.df > 0)
    .sort((a, b) => a.df - b.df || (a.term < b.term ? -1 : 1))
    .slice(0, MAX_RETRIEVAL_TERMS);
  let budget = POSTINGS_BUDGET;
  const chosen: RetrievalTerm[] = [];
  for (const { term, df } of present) {
    const cap = df > COMMON_TERM_SHARE * documents ? POSTINGS_PER_COMMON_TERM : POSTINGS_PER_TERM;
    const postings = Math.min(df, cap, budget);
    if (postings <= 0) break;
    budget -= postings;
    chosen.push({ term, weight: idf(df, documents), postings });
  }
  return chosen;
}
