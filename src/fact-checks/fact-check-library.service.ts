import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import {
  collectionView,
  type CollectionView,
  fold,
  matchingLanguage,
  matchingTerms,
  matchingWords,
  queryTerms,
  normalizeForMatching,
  rankCandidates,
  retrievalTerms,
  termLanguage,
} from '../text/matching';
import { FactCheckCandidateRow, FactCheckRow, IndexedFactCheck, NewFactCheck } from './fact-check.entity';
import { FactCheckRepository } from './fact-check.repository';

export interface ScoredFactCheck {
  row: FactCheckRow;
  /** Calibrated probability (0..1) that the item checks the same claim (docs/matching.md). */
  score: number;
}

export interface LibrarySearch {
  text: string;
  language: string | null;
  limit: number;
  minScore?: number;
  excludeSourceClaimId?: string | null;
  /** Automatic use on this newsroom's claim: trusted sources only (docs/matching.md, "Library trust"). */
  trustedFor?: { newsroomId: string | null };
}

/**
 * The matcher search and automated verification (suggestions and evidence) use; claim clusters use its
 * pure measures (src/text/matching/similarity.ts). `search` ranks library items for a text;
 * `similarity` scores two texts with the same features, model and library statistics.
 */
export interface FactCheckMatcher {
  search(text: string, options: Omit<LibrarySearch, 'text'>): Promise<ScoredFactCheck[]>;
  searchMany(searches: LibrarySearch[]): Promise<ScoredFactCheck[][]>;
  similarity(textA: string, textB: string, language: string | null): Promise<number>;
  scoreCandidates(text: string, language: string | null, candidates: ExternalCandidate[]): Promise<number[]>;
}

/** A text from outside the library (an external provider's result) to score as a match. */
export interface ExternalCandidate {
  title: string | null;
  claimText: string;
}

export interface RetrievedCandidates {
  search: LibrarySearch;
  terms: string[];
  /** The terms without an embedded tweet's signature (src/text/matching/terms.ts, queryTerms). */
  bodyTerms: string[];
  rows: FactCheckCandidateRow[];
  collection: CollectionView;
}

/** Queries of at most this many words also look for near spellings (trigram index). */
const SHORT_QUERY_WORDS = 3;

/** The shared library of published fact-checks: import, and matching (BM25 candidates, learned re-ranking). */
@Injectable()
export class FactCheckLibrary implements FactCheckMatcher {
  constructor(
    private readonly tx: TransactionHost,
    private readonly factChecks: FactCheckRepository,
  ) {}

  add(items: NewFactCheck[]): Promise<FactCheckRow[]> {
    return this.tx.run(() => this.factChecks.insertMany(items.map(indexed)));
  }

  /** Best matches first, each with its calibrated probability. */
  async search(text: string, options: Omit<LibrarySearch, 'text'>): Promise<ScoredFactCheck[]> {
    return (await this.searchMany([{ text, ...options }]))[0];
  }

  /** `search` for many texts at once (three statements in all), results in the searches' order. */
  async searchMany(searches: LibrarySearch[]): Promise<ScoredFactCheck[][]> {
    const retrieved = await this.retrieve(searches);
    return retrieved.map(({ search, terms, bodyTerms, rows, collection }) =>
      rankCandidates(search.text, terms, rows.map(candidateText), collection, bodyTerms)
        .map((ranked) => ({ row: withoutTerms(rows[ranked.index]), score: roundScore(ranked.probability) }))
        .filter((match) => match.score >= (search.minScore ?? 0))
        .slice(0, search.limit),
    );
  }

  /** The candidates of each search before re-ranking, with what ranking them needs (also for training). */
  async retrieve(searches: LibrarySearch[]): Promise<RetrievedCandidates[]> {
    if (searches.length === 0) return [];
    const queries = searches.map((search) => {
      const { terms, bodyTerms } = queryTerms(search.text, termLanguage(search.language, search.text));
      const words = matchingWords(search.text).length;
      return {
        search,
        terms,
        bodyTerms,
        fuzzyText: words > 0 && words <= SHORT_QUERY_WORDS ? fold(normalizeForMatching(search.text)) : null,
      };
    });
    const statistics = await this.factChecks.termStatistics([...new Set(queries.flatMap((query) => query.terms))]);
    const collection = collectionView(statistics);
    const candidates = await this.factChecks.candidates(
      queries.map(({ search, terms, fuzzyText }) => ({
        terms: retrievalTerms(terms, statistics.documentFrequency, statistics.documents),
        fuzzyText,
        languagePrimary: search.language ? matchingLanguage(search.language) : null,
        excludeSourceClaimId: search.excludeSourceClaimId ?? null,
        trustedFor: search.trustedFor ?? null,
        averageLength: statistics.averageLength,
      })),
    );
    return queries.map(({ search, terms, bodyTerms }, index) => ({ search, terms, bodyTerms, rows: candidates[index], collection }));
  }

  /**
   * How likely two texts state the same claim (0..1): textB is scored as the only candidate for
   * textA, with the library's term statistics. For external providers' results. (Claim clusters use
   * surfaceSimilarity from src/text/matching: this probability is high for merely related claims and
   * moves with every library import.)
   */
  async similarity(textA: string, textB: string, language: string | null): Promise<number> {
    return (await this.scoreCandidates(textA, language, [{ title: null, claimText: textB }]))[0];
  }

  /**
   * Calibrated scores (0..1, in the candidates' order) of texts from outside the library, e.g. an
   * external provider's results for a claim, ranked as the claim's candidates exactly as library items
   * are (same features, model and library statistics; one statement).
   */
  async scoreCandidates(text: string, language: string | null, candidates: ExternalCandidate[]): Promise<number[]> {
    if (candidates.length === 0) return [];
    const queryLanguage = termLanguage(language, text);
    const { terms: textTerms, bodyTerms } = queryTerms(text, queryLanguage);
    const texts = candidates.map((candidate) => {
      const candidateLanguage = language ? queryLanguage : termLanguage(null, `${candidate.title ?? ''} ${candidate.claimText}`);
      return {
        ...candidate,
        titleTerms: candidate.title ? matchingTerms(candidate.title, candidateLanguage) : [],
        claimTerms: matchingTerms(candidate.claimText, candidateLanguage),
      };
    });
    const allTerms = new Set([...textTerms, ...texts.flatMap((candidate) => [...candidate.titleTerms, ...candidate.claimTerms])]);
    const statistics = await this.factChecks.termStatistics([...allTerms]);
    const scores = new Array<number>(candidates.length).fill(0);
    for (const ranked of rankCandidates(text, textTerms, texts, collectionView(statistics), bodyTerms)) {
      scores[ranked.index] = roundScore(ranked.probability);
    }
    return scores;
  }
}

function indexed(item: NewFactCheck): IndexedFactCheck {
  const language = termLanguage(item.language, `${item.title ?? ''} ${item.claimText}`);
  return {
    ...item,
    titleTerms: item.title ? matchingTerms(item.title, language) : [],
    claimTerms: matchingTerms(item.claimText, language),
  };
}

export function candidateText(row: FactCheckCandidateRow) {
  return { title: row.title, claimText: row.claim_text, titleTerms: row.title_terms ?? [], claimTerms: row.claim_terms ?? [] };
}

function withoutTerms({ title_terms: _title, claim_terms: _claim, ...row }: FactCheckCandidateRow): FactCheckRow {
  return row;
}

const roundScore = (value: number) => Math.round(value * 10000) / 10000;
