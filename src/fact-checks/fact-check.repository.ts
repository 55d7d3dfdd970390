import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import { BM25_B, BM25_K1, impactOrder, postingsOf } from '../text/matching/bm25';
import { FactCheckCandidateRow, FactCheckRow, IndexedFactCheck } from './fact-check.entity';

const COLUMNS = [
  'id',
  'claim_text',
  'title',
  'rating',
  'url',
  'publisher',
  'language',
  'reviewed_at',
  'added_by',
  'added_by_role',
  'source_claim_id',
  'created_at',
];

/** Collection totals and document frequencies for BM25, as committed. */
export interface TermStatistics {
  documents: number;
  averageLength: number;
  averageTitleLength: number;
  averageClaimLength: number;
  documentFrequency: Map<string, number>;
}

export interface CandidateQuery {
  /**
   * Distinct query terms with their weight, the idf, and how many of their postings to read at most
   * (the highest-impact ones; terms the library does not hold are left out).
   */
  terms: { term: string; weight: number; postings: number }[];
  /** Folded query text for the trigram branch; null skips it (sentence-length queries). */
  fuzzyText: string | null;
  /** Primary language subtag: keeps items of that language (or of none); null keeps all. */
  languagePrimary: string | null;
  excludeSourceClaimId: string | null;
  /**
   * Automatic use on a newsroom's claim: only items from trusted sources, verified claims, reviewers'
   * imports and that newsroom's own imports (docs/matching.md, "Library trust"). Null: no restriction.
   */
  trustedFor: { newsroomId: string | null } | null;
  averageLength: number;
}

/** How many lexical candidates a query keeps for re-ranking, and how many the trigram branch adds. */
export const LEXICAL_CANDIDATES = 50;
export const FUZZY_CANDIDATES = 20;

/**
 * The statistics shard a statement adds to (0..15): its connection's, so concurrent imports (on other
 * connections) update other rows of fact_check_collection and fact_check_term_stats and do not queue
 * behind each other's commit. Readers sum the shards. Migration 1764790000000.
 */
const STATISTICS_SHARD = '(pg_backend_pid() % 16)';

/**
 * Whether item `f` may be automatic evidence on a claim of newsroom `q.viewer` (docs/matching.md,
 * "Library trust"): verified claims, reviewers' imports, the newsroom's own, trusted newsrooms' and
 * trusted publishers'.
 */
const TRUSTED_FOR_VIEWER = `(f.source_claim_id IS NOT NULL
  OR f.added_by_role = 'reviewer'
  OR (q.viewer IS NOT NULL AND f.added_by = q.viewer)
  OR EXISTS (SELECT 1 FROM newsrooms n WHERE n.id = f.added_by AND n.library_trusted)
  OR EXISTS (SELECT 1 FROM trusted_publishers tp WHERE tp.name_key = lower(btrim(f.publisher))))`;

@Injectable()
export class FactCheckRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * Inserts items in input order; an item for a claim already in the library is left as it is. The
   * postings, document frequencies and collection totals change in the same statement, so every
   * process sees the library and its statistics as of the last commit. The statistics go to the
   * connection's shard (STATISTICS_SHARD), so concurrent imports do not serialise on them; document
   * frequencies are upserted in term order (no deadlock when two imports share a shard).
   */
  async insertMany(items: IndexedFactCheck[]): Promise<FactCheckRow[]> {
    if (items.length === 0) return [];
    const ids = items.map(() => randomUUID());
    const column = <K extends keyof IndexedFactCheck>(key: K) => items.map((item) => item[key] ?? null);
    const postings = items.flatMap((item, index) => {
      const length = item.titleTerms.length + item.claimTerms.length;
      return postingsOf([...item.titleTerms, ...item.claimTerms]).map(({ term, tf }) => ({ id: ids[index], term, tf, length }));
    });
    const rows = await this.tx.query<FactCheckRow>(
      `WITH inserted AS (
         INSERT INTO fact_checks (id, claim_text, title, rating, url, publisher, language, reviewed_at, added_by, added_by_role,
                                  source_claim_id, claim_review, title_terms, claim_terms)
         SELECT id, claim_text, title, rating, url, publisher, language, reviewed_at, added_by, added_by_role, source_claim_id,
                claim_review::jsonb, string_to_array(title_terms, ' '), string_to_array(claim_terms, ' ')
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[],
                       $9::uuid[], $10::text[], $11::uuid[], $12::text[], $13::text[], $14::text[])
             AS t(id, claim_text, title, rating, url, publisher, language, reviewed_at, added_by, added_by_role, source_claim_id,
                  claim_review, title_terms, claim_terms)
         ON CONFLICT (source_claim_id) DO NOTHING
         RETURNING ${COLUMNS.join(', ')}, cardinality(title_terms) AS title_length, cardinality(claim_terms) AS claim_length
       ),
       postings AS (
         INSERT INTO fact_check_terms (term, fact_check_id, tf, doc_len, impact)
         SELECT p.term, p.id, p.tf, p.doc_len, p.impact
           FROM unnest($15::text[], $16::uuid[], $17::smallint[], $18::smallint[], $19::real[]) AS p(term, id, tf, doc_len, impact)
           JOIN inserted i ON i.id = p.id
         RETURNING term
       ),
       frequencies AS (
         INSERT INTO fact_check_term_stats (term, shard, df)
         SELECT term, ${STATISTICS_SHARD}, count(*) FROM postings GROUP BY term ORDER BY term
         ON CONFLICT (term, shard) DO UPDATE SET df = fact_check_term_stats.df + excluded.df
       ),
       totals AS (
         UPDATE fact_check_collection
            SET documents = documents + (SELECT count(*) FROM inserted),
                title_terms = title_terms + (SELECT coalesce(sum(title_length), 0) FROM inserted),
                claim_terms = claim_terms + (SELECT coalesce(sum(claim_length), 0) FROM inserted),
                total_terms = total_terms + (SELECT coalesce(sum(title_length + claim_length), 0) FROM inserted)
          WHERE id = 1 + ${STATISTICS_SHARD} AND EXISTS (SELECT 1 FROM inserted)
       )
       SELECT ${COLUMNS.join(', ')} FROM inserted`,
      [
        ids,
        column('claimText'),
        column('title'),
        column('rating'),
        column('url'),
        column('publisher'),
        column('language'),
        column('reviewedAt'),
        column('addedBy'),
        column('addedByRole'),
        column('sourceClaimId'),
        items.map((item) => (item.claimReview ? JSON.stringify(item.claimReview) : null)),
        items.map((item) => item.titleTerms.join(' ')),
        items.map((item) => item.claimTerms.join(' ')),
        postings.map((p) => p.term),
        postings.map((p) => p.id),
        postings.map((p) => p.tf),
        postings.map((p) => Math.min(p.length, 32767)),
        postings.map((p) => impactOrder(p.tf, p.length)),
      ],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id)).filter((row): row is FactCheckRow => row !== undefined);
  }

  async findWithReview(id: string): Promise<(FactCheckRow & { claim_review: Record<string, unknown> | null }) | null> {
    const [row] = await this.tx.query<FactCheckRow & { claim_review: Record<string, unknown> | null }>(
      `SELECT ${COLUMNS.join(', ')}, claim_review FROM fact_checks WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Collection totals and the document frequency of each given term (absent terms have none), in one statement. */
  async termStatistics(terms: string[]): Promise<TermStatistics> {
    const [row] = await this.tx.query<{
      documents: string | null;
      total_terms: string | null;
      title_terms: string | null;
      claim_terms: string | null;
      terms: string[] | null;
      dfs: number[] | null;
    }>(
      `SELECT c.documents, c.total_terms, c.title_terms, c.claim_terms, s.terms, s.dfs
         FROM (SELECT sum(documents) AS documents, sum(total_terms) AS total_terms, sum(title_terms) AS title_terms,
                      sum(claim_terms) AS claim_terms
                 FROM fact_check_collection) c,
              (SELECT array_agg(term) AS terms, array_agg(df) AS dfs
                 FROM (SELECT term, sum(df)::int AS df FROM fact_check_term_stats WHERE term = ANY($1::text[]) GROUP BY term) t) s`,
      [terms],
    );
    const documents = Number(row?.documents ?? 0);
    const average = (total: string | null | undefined) => (documents > 0 ? Number(total ?? 0) / documents : 1);
    const dfs = row?.dfs ?? [];
    return {
      documents,
      averageLength: average(row?.total_terms),
      averageTitleLength: average(row?.title_terms),
      averageClaimLength: average(row?.claim_terms),
      documentFrequency: new Map((row?.terms ?? []).map((term, index) => [term, dfs[index]])),
    };
  }

  /**
   * A verdict withdrawn (a claim detached from the cluster it inherited it from) leaves the library,
   * with its postings (cascade) and its share of the term statistics, in one statement.
   */
  async removeBySourceClaims(claimIds: string[]): Promise<void> {
    if (claimIds.length === 0) return;
    await this.tx.query(
      `WITH removed AS (
         DELETE FROM fact_checks WHERE source_claim_id = ANY($1::uuid[])
         RETURNING id, cardinality(title_terms) AS title_length, cardinality(claim_terms) AS claim_length
       ),
       frequencies AS (
         INSERT INTO fact_check_term_stats (term, shard, df)
         SELECT t.term, ${STATISTICS_SHARD}, -count(*) FROM fact_check_terms t JOIN removed ON removed.id = t.fact_check_id
          GROUP BY t.term ORDER BY t.term
         ON CONFLICT (term, shard) DO UPDATE SET df = fact_check_term_stats.df + excluded.df
       )
       UPDATE fact_check_collection
          SET documents = documents - (SELECT count(*) FROM removed),
              title_terms = title_terms - (SELECT coalesce(sum(title_length), 0) FROM removed),
              claim_terms = claim_terms - (SELECT coalesce(sum(claim_length), 0) FROM removed),
              total_terms = total_terms - (SELECT coalesce(sum(coalesce(title_length, 0) + coalesce(claim_length, 0)), 0) FROM removed)
        WHERE id = 1 + ${STATISTICS_SHARD} AND EXISTS (SELECT 1 FROM removed)`,
      [claimIds],
    );
  }

  /**
   * Candidates of many queries in one statement (an article's claims at once): per query, the
   * LEXICAL_CANDIDATES best items by BM25 over title and claim text, reading each term's postings in
   * impact order up to the term's `postings` (an index-only range scan, bounded at any library size),
   * kept by a top-N sort per query; plus for short queries (names, misspellings) the nearest items by
   * trigram similarity (GIN trgm index). Library trust is applied before the cut (a flood of untrusted
   * near-duplicates cannot push a trusted item out); language and the source-claim exclusion after it.
   */
  async candidates(queries: CandidateQuery[]): Promise<FactCheckCandidateRow[][]> {
    if (queries.length === 0) return [];
    const terms = queries.flatMap((query, ord) => query.terms.map((term) => ({ ord, ...term })));
    const rows = await this.tx.query<FactCheckCandidateRow & { ord: number }>(
      `WITH q AS (
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::uuid[], $5::bool[], $6::uuid[], $7::float8[])
           AS q(ord, fuzzy_text, language_primary, exclude, trusted_only, viewer, average_length)
       ),
       w AS (SELECT * FROM unnest($8::int[], $9::text[], $10::float8[], $11::int[]) AS w(ord, term, weight, postings)),
       lexical AS (
         SELECT q.ord, top.fact_check_id FROM q CROSS JOIN LATERAL (
           SELECT h.fact_check_id FROM (
             SELECT p.fact_check_id,
                    sum(w.weight * p.tf * ${BM25_K1 + 1} / (p.tf + ${BM25_K1} * (${1 - BM25_B} + ${BM25_B} * p.doc_len::float8 / q.average_length))) AS bm25
               FROM w CROSS JOIN LATERAL (
                 SELECT p.fact_check_id, p.tf, p.doc_len FROM fact_check_terms p WHERE p.term = w.term ORDER BY p.impact DESC LIMIT w.postings
               ) p
              WHERE w.ord = q.ord
              GROUP BY p.fact_check_id
           ) h
           WHERE CASE WHEN q.trusted_only
                      THEN EXISTS (SELECT 1 FROM fact_checks f WHERE f.id = h.fact_check_id AND ${TRUSTED_FOR_VIEWER})
                      ELSE true END
           ORDER BY h.bm25 DESC, h.fact_check_id
           LIMIT $12
         ) top
       ),
       fuzzy AS (
         SELECT q.ord, t.id AS fact_check_id FROM q CROSS JOIN LATERAL (
           SELECT f.id FROM fact_checks f
            WHERE q.fuzzy_text IS NOT NULL AND (f.folded_text % q.fuzzy_text OR q.fuzzy_text <% f.folded_text)
              AND (NOT q.trusted_only OR ${TRUSTED_FOR_VIEWER})
            ORDER BY greatest(similarity(f.folded_text, q.fuzzy_text), word_similarity(q.fuzzy_text, f.folded_text)) DESC
            LIMIT $13
         ) t
       ),
       candidates AS (SELECT ord, fact_check_id FROM lexical UNION SELECT ord, fact_check_id FROM fuzzy)
       SELECT c.ord, ${COLUMNS.map((name) => `f.${name}`).join(', ')}, f.title_terms, f.claim_terms
         FROM candidates c
         JOIN q USING (ord)
         JOIN fact_checks f ON f.id = c.fact_check_id
        WHERE (q.language_primary IS NULL OR f.language_primary IS NULL OR f.language_primary = q.language_primary)
          AND (q.exclude IS NULL OR f.source_claim_id IS DISTINCT FROM q.exclude)`,
      [
        queries.map((_, ord) => ord),
        queries.map((query) => query.fuzzyText),
        queries.map((query) => query.languagePrimary),
        queries.map((query) => query.excludeSourceClaimId),
        queries.map((query) => query.trustedFor !== null),
        queries.map((query) => query.trustedFor?.newsroomId ?? null),
        queries.map((query) => query.averageLength),
        terms.map((term) => term.ord),
        terms.map((term) => term.term),
        terms.map((term) => term.weight),
        terms.map((term) => term.postings),
        LEXICAL_CANDIDATES,
        FUZZY_CANDIDATES,
      ],
    );
    const result = queries.map((): FactCheckCandidateRow[] => []);
    for (const { ord, ...row } of rows) result[ord].push(row);
    return result;
  }
}
