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
        ids, column('claimText'), column('rating'), column('url'), column('publisher'), column('language'),
        column('reviewedAt'), column('addedBy'), column('sourceClaimId'),
        items.map((item) => (item.claimReview ? JSON.stringify(item.claimReview) : null)),
      ],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id)).filter((row): row is FactCheckRow => row !== undefined);
  }

  /**
   * Candidates with the raw parts of their score. Full text (GIN on search_vector, language-aware):
   * items sharing at least two of the query's lexemes (any one for queries of one or two lexemes),
   * top by ts_rank. Trigram (GIN trgm on folded_text, `%` / `<%`): only for short queries (names,
   * misspellings, search-box use), where the index is fast; for sentence-length queries a `%` scan reads
   * most of the trigram index (about 1.3 s at 1M rows, measured), so trigram similarity then only
   * re-scores the full-text candidates. The query is folded and parsed by a first statement, so the
   * second one compares against constants and the planner uses the indexes.
   */
  async match(query: LibraryQuery): Promise<LibraryMatches> {
    const [prepared] = await this.tx.query<{ folded: string; config: string; lexemes: string[] }>(
      `SELECT claimflow_fold($1) AS folded, claimflow_ts_config($2)::text AS config,
              tsvector_to_array(to_tsvector(claimflow_ts_config($2), claimflow_fold($1))) AS lexemes`,
      [query.text, query.language],
    );
    const primary = query.language ? query.language.split('-')[0].toLowerCase() : null;
    const filter = `($4::text IS NULL OR f.language_primary IS NULL OR f.language_primary = $4)
                    AND ($5::uuid IS NULL OR f.source_claim_id IS DISTINCT FROM $5)`;
    const trigram = foldedWords(query.text).length <= SHORT_QUERY_WORDS
      ? `UNION (SELECT f.id FROM fact_checks f WHERE (f.folded_text % $3 OR $3 <% f.folded_text) AND ${filter}
           ORDER BY greatest(similarity(f.folded_text, $3), word_similarity($3, f.folded_text)) DESC LIMIT $6)`
      : '';
    // A query of stop words only has no lexemes: the full-text branch is then planned away ('' <> '' is false).
    const rows = await this.tx.query<FactCheckMatchRow>(
      `WITH candidates AS (
         (SELECT f.id FROM fact_checks f WHERE $1::text <> '' AND f.search_vector @@ $1::tsquery AND ${filter}
           ORDER BY ts_rank(f.search_vector, $1::tsquery) DESC LIMIT $6)
         ${trigram}
       )
       SELECT ${COLUMNS.map((column) => `f.${column}`).join(', ')},
              tsvector_to_array(to_tsvector($2::regconfig, f.folded_text)) AS lexemes,
              similarity(f.folded_text, $3) AS trigram
         FROM candidates JOIN fact_checks f USING (id)`,
      [overlapQuery(prepared.lexemes), prepared.config, prepared.folded, primary, query.excludeSourceClaimId ?? null, query.candidates],
    );
    return { queryLexemes: prepared.lexemes, rows };
  }
}

const SHORT_QUERY_WORDS = 3;
