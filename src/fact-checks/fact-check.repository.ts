import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import { foldedWords, overlapQuery } from './match-score';
import { FactCheckMatchRow, FactCheckRow, NewFactCheck } from './fact-check.entity';

const COLUMNS = ['id', 'claim_text', 'rating', 'url', 'publisher', 'language', 'reviewed_at', 'added_by', 'source_claim_id', 'created_at'];

export interface LibraryQuery {
  text: string;
  /** BCP 47 tag: picks the text-search configuration and keeps items of that primary language (or of none). */
  language: string | null;
  /** How many candidates each index contributes before scoring. */
  candidates: number;
  excludeSourceClaimId?: string | null;
}

export interface LibraryMatches {
  queryLexemes: string[];
  rows: FactCheckMatchRow[];
}

@Injectable()
export class FactCheckRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Inserts items in input order; an item for a claim already in the library is left as it is. */
  async insertMany(items: NewFactCheck[]): Promise<FactCheckRow[]> {
    if (items.length === 0) return [];
    const ids = items.map(() => randomUUID());
    const column = <K extends keyof NewFactCheck>(key: K) => items.map((item) => item[key] ?? null);
    const rows = await this.tx.query<FactCheckRow>(
      `INSERT INTO fact_checks (id, claim_text, rating, url, publisher, language, reviewed_at, added_by, source_claim_id, claim_review)
       SELECT id, claim_text, rating, url, publisher, language, reviewed_at, added_by, source_claim_id, claim_review::jsonb
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::uuid[],
                     $9::uuid[], $10::text[])
           AS t(id, claim_text, rating, url, publisher, language, reviewed_at, added_by, source_claim_id, claim_review)
       ON CONFLICT (source_claim_id) DO NOTHING
       RETURNING ${COLUMNS.join(', ')}`,
      [
        ids,
        column('claimText'),
        column('rating'),
        column('url'),
        column('publisher'),
        column('language'),
        column('reviewedAt'),
        column('addedBy'),
        column('sourceClaimId'),
        items.map((item) => (item.claimReview ? JSON.stringify(item.claimReview) : null)),
      ],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id)).filter((row): row is FactCheckRow => row !== undefined);
  }

  /** A verdict withdrawn (a claim detached from the cluster it inherited it from) leaves the library. */
  async removeBySourceClaims(claimIds: string[]): Promise<void> {
    if (claimIds.length === 0) return;
    await this.tx.query(`DELETE FROM fact_checks WHERE source_claim_id = ANY($1::uuid[])`, [claimIds]);
  }

  /**
   * Candidates with the raw parts of their score. Full text (GIN on search_vector, language-aware):
   * items sharing at least two of the query's lexemes (any one for queries of one or two lexemes),
   * top by ts_rank. Trigram (GIN trgm on folded_text, `%` / `<%`): only for short queries (names,
   * misspellings, search-box use), where the index is fast; for sentence-length queries a `%` scan reads
   * most of the trigram index (about 1.3 s at 1M rows, measured), so trigram similarity then only
   * re-scores the full-text candidates.
   */
  async match(query: LibraryQuery): Promise<LibraryMatches> {
    return (await this.matchMany([query]))[0];
  }

  /**
   * `match` for many queries in two statements, whatever their number (an article's claims at once):
   * the first folds and parses every query, the second runs each one's index lookups as a LATERAL
   * subquery parameterized by its prepared row (GIN scans take run-time parameters).
   */
  async matchMany(queries: LibraryQuery[]): Promise<LibraryMatches[]> {
    if (queries.length === 0) return [];
    const prepared = await this.tx.query<{ folded: string; config: string; lexemes: string[] }>(
      `SELECT claimflow_fold(q.text) AS folded, claimflow_ts_config(q.language)::text AS config,
              tsvector_to_array(to_tsvector(claimflow_ts_config(q.language), claimflow_fold(q.text))) AS lexemes
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q(text, language, ord)
        ORDER BY q.ord`,
      [queries.map((query) => query.text), queries.map((query) => query.language)],
    );
    const filter = `(q.language_primary IS NULL OR f.language_primary IS NULL OR f.language_primary = q.language_primary)
                    AND (q.exclude IS NULL OR f.source_claim_id IS DISTINCT FROM q.exclude)`;
    // A query of stop words only has no lexemes: NULLIF makes its full-text branch match nothing.
    const rows = await this.tx.query<FactCheckMatchRow & { ord: number }>(
      `WITH q AS (
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::bool[], $8::int[])
           AS q(ord, tsquery, config, folded, language_primary, exclude, short, candidates)
       )
       SELECT q.ord, ${COLUMNS.map((column) => `f.${column}`).join(', ')},
              tsvector_to_array(to_tsvector(q.config::regconfig, f.folded_text)) AS lexemes,
              similarity(f.folded_text, q.folded) AS trigram
         FROM q
         CROSS JOIN LATERAL (
           (SELECT f.id FROM fact_checks f WHERE f.search_vector @@ NULLIF(q.tsquery, '')::tsquery AND ${filter}
             ORDER BY ts_rank(f.search_vector, NULLIF(q.tsquery, '')::tsquery) DESC LIMIT q.candidates)
           UNION
           (SELECT f.id FROM fact_checks f WHERE q.short AND (f.folded_text % q.folded OR q.folded <% f.folded_text) AND ${filter}
             ORDER BY greatest(similarity(f.folded_text, q.folded), word_similarity(q.folded, f.folded_text)) DESC LIMIT q.candidates)
         ) candidates
         JOIN fact_checks f ON f.id = candidates.id`,
      [
        queries.map((_, index) => index),
        prepared.map((row) => overlapQuery(row.lexemes)),
        prepared.map((row) => row.config),
        prepared.map((row) => row.folded),
        queries.map((query) => (query.language ? query.language.split('-')[0].toLowerCase() : null)),
        queries.map((query) => query.excludeSourceClaimId ?? null),
        queries.map((query) => foldedWords(query.text).length <= SHORT_QUERY_WORDS),
        queries.map((query) => query.candidates),
      ],
    );
    const matches = prepared.map((row): LibraryMatches => ({ queryLexemes: row.lexemes, rows: [] }));
    for (const { ord, ...row } of rows) matches[ord].rows.push(row);
    return matches;
  }
}

const SHORT_QUERY_WORDS = 3;
