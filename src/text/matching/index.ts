/**
 * Prior fact-check matching, the pure part: terms, BM25, re-ranking features, the learned ranker and
 * its calibrated probability. See docs/matching.md. The database part (postings, statistics,
 * candidates) is src/fact-checks/fact-check.repository.ts; the service joining both is FactCheckLibrary.
 */
import stored from '../model/matching-ranker.json';
import { idf } from './bm25';
import { candidateFeatures, prepareQuery, type CandidateText, type CollectionView } from './features';
import { calibrated, rankScore, type RankerModel } from './ranker';

export { matchingTerms, queryTerms, matchingWords, termLanguage, matchingLanguage, fold, termFrequencies } from './terms';
export { normalizeForMatching } from './normalize';
export { comparableText, surfaceSimilarity, type ComparableText, type SurfaceSimilarity } from './similarity';
export { retrievalTerms } from './bm25';
export type { CandidateText, CollectionView } from './features';
export type { RankerModel } from './ranker';

export const MATCHING_MODEL: RankerModel & { threshold: number } = stored;

export interface CollectionStatistics {
  documents: number;
  averageLength: number;
  averageTitleLength: number;
  averageClaimLength: number;
  documentFrequency: ReadonlyMap<string, number>;
}

export function collectionView(statistics: CollectionStatistics): CollectionView {
  return {
    idf: (term) => idf(statistics.documentFrequency.get(term) ?? 0, statistics.documents),
    averageLength: statistics.averageLength,
    averageTitleLength: statistics.averageTitleLength,
    averageClaimLength: statistics.averageClaimLength,
  };
}

export interface RankedCandidate {
  index: number;
  /** The ranker's raw score (comparable within one query). */
  score: number;
  /** Calibrated probability that the candidate checks the same claim as the query. */
  probability: number;
}

/** Scores a query's candidates, best first. `bodyTerms`: see `queryTerms` (terms.ts). */
export function rankCandidates(
  queryText: string,
  queryTerms: readonly string[],
  candidates: readonly CandidateText[],
  collection: CollectionView,
  bodyTerms: readonly string[] = queryTerms,
  model: RankerModel = MATCHING_MODEL,
): RankedCandidate[] {
  if (candidates.length === 0) return [];
  const query = prepareQuery(queryText, queryTerms, collection, bodyTerms);
  return candidateFeatures(query, candidates, collection)
    .map((features, index) => {
      const score = rankScore(model, features);
      return { index, score, probability: calibrated(model, score) };
    })
    .sort((a, b) => b.score - a.score || a.index - b.index);
}
