import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { matchingTerms, termLanguage } from '../../text/matching/terms';
import { impactOrder, postingsOf } from '../../text/matching/bm25';

/**
 * Prior fact-check matching with term weighting (docs/matching.md), and library trust.
 * - fact_checks: `title` (the fact-check article's headline), the terms matching uses for the title and
 *   the claim text (computed in Node by src/text/matching/terms.ts), who imported an item (role), and no
 *   more generated tsvector (its GIN index went unused; dropped concurrently).
 * - fact_check_terms: postings (term, item, tf, item length), read through (term, impact DESC), so a
 *   query reads at most a fixed number of postings per term at any library size.
 * - fact_check_term_stats / fact_check_collection: document frequencies and collection totals for
 *   BM25, kept right in the same statement as every insert.
 * - newsrooms.library_trusted and trusted_publishers: which imports may become automatic evidence on
 *   other newsrooms' claims.
 * Runs outside a transaction (concurrent index work); the backfill commits every 1000 rows.
 */
export class FactCheckMatching1764720000000 implements MigrationInterface {
  name = 'FactCheckMatching1764720000000';
  transaction = false as const;

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE fact_checks ADD COLUMN IF NOT EXISTS title text`);
    await db.query(`ALTER TABLE fact_checks ADD COLUMN IF NOT EXISTS title_terms text[]`);
    await db.query(`ALTER TABLE fact_checks ADD COLUMN IF NOT EXISTS claim_terms text[]`);
    await db.query(`ALTER TABLE fact_checks ADD COLUMN IF NOT EXISTS added_by_role text`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS fact_check_terms (
        term text NOT NULL,
        fact_check_id uuid NOT NULL REFERENCES fact_checks (id) ON DELETE CASCADE,
        tf smallint NOT NULL,
        doc_len smallint NOT NULL,
        impact real NOT NULL
      )`);
    await db.query(`CREATE TABLE IF NOT EXISTS fact_check_term_stats (term text PRIMARY KEY, df integer NOT NULL)`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS fact_check_collection (
        id smallint PRIMARY KEY CHECK (id = 1),
        documents bigint NOT NULL,
        total_terms bigint NOT NULL,
        title_terms bigint NOT NULL,
        claim_terms bigint NOT NULL
      )`);
    await db.query(`INSERT INTO fact_check_collection VALUES (1, 0, 0, 0, 0) ON CONFLICT (id) DO NOTHING`);
    await db.query(`ALTER TABLE newsrooms ADD COLUMN IF NOT EXISTS library_trusted boolean NOT NULL DEFAULT false`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS trusted_publishers (
        name_key text PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await this.backfill(db);
    await db.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS fact_check_terms_impact_idx
         ON fact_check_terms (term, impact DESC) INCLUDE (fact_check_id, tf, doc_len)`,
    );
    await db.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS fact_check_terms_item_idx ON fact_check_terms (fact_check_id)`);
    await db.query(`DROP INDEX CONCURRENTLY IF EXISTS fact_checks_search_vector_idx`);
    await db.query(`ALTER TABLE fact_checks DROP COLUMN IF EXISTS search_vector`);
  }

  /** Terms and postings for items stored before this migration, 1000 per transaction (a snapshot of the insert path). */
  private async backfill(db: QueryRunner): Promise<void> {
    for (;;) {
      const rows: { id: string; claim_text: string; language: string | null }[] = await db.query(
        `SELECT id, claim_text, language FROM fact_checks WHERE claim_terms IS NULL ORDER BY id LIMIT 1000`,
      );
      if (rows.length === 0) return;
      const postings: { id: string; term: string; tf: number; length: number }[] = [];
      const terms = rows.map((row) => matchingTerms(row.claim_text, termLanguage(row.language, row.claim_text)));
      rows.forEach((row, index) => {
        for (const { term, tf } of postingsOf(terms[index])) postings.push({ id: row.id, term, tf, length: terms[index].length });
      });
      const total = terms.reduce((sum, list) => sum + list.length, 0);
      await db.query('BEGIN');
      await db.query(
        `UPDATE fact_checks f SET claim_terms = string_to_array(t.terms, ' '), title_terms = '{}',
                added_by_role = CASE WHEN EXISTS (SELECT 1 FROM reviewers r WHERE r.id = f.added_by) THEN 'reviewer'
                                     WHEN EXISTS (SELECT 1 FROM newsrooms n WHERE n.id = f.added_by) THEN 'newsroom' END
           FROM unnest($1::uuid[], $2::text[]) AS t(id, terms) WHERE f.id = t.id`,
        [rows.map((row) => row.id), terms.map((list) => list.join(' '))],
      );
      await db.query(
        `INSERT INTO fact_check_terms (term, fact_check_id, tf, doc_len, impact)
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::smallint[], $4::smallint[], $5::real[])`,
        [
          postings.map((p) => p.term),
          postings.map((p) => p.id),
          postings.map((p) => p.tf),
          postings.map((p) => Math.min(p.length, 32767)),
          postings.map((p) => impactOrder(p.tf, p.length)),
        ],
      );
      await db.query(
        `INSERT INTO fact_check_term_stats (term, df)
         SELECT term, count(*) FROM unnest($1::text[]) AS term GROUP BY term ORDER BY term
         ON CONFLICT (term) DO UPDATE SET df = fact_check_term_stats.df + excluded.df`,
        [postings.map((p) => p.term)],
      );
      await db.query(
        `UPDATE fact_check_collection SET documents = documents + $1, total_terms = total_terms + $2, claim_terms = claim_terms + $2`,
        [rows.length, total],
      );
      await db.query('COMMIT');
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE fact_checks ADD COLUMN IF NOT EXISTS search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector(claimflow_ts_config(language), claimflow_fold(claim_text))) STORED`);
    await db.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS fact_checks_search_vector_idx ON fact_checks USING gin (search_vector)`);
    await db.query(`DROP TABLE IF EXISTS trusted_publishers`);
    await db.query(`ALTER TABLE newsrooms DROP COLUMN IF EXISTS library_trusted`);
    await db.query(`DROP TABLE IF EXISTS fact_check_collection`);
    await db.query(`DROP TABLE IF EXISTS fact_check_term_stats`);
    await db.query(`DROP TABLE IF EXISTS fact_check_terms`);
    for (const column of ['added_by_role', 'claim_terms', 'title_terms', 'title']) {
      await db.query(`ALTER TABLE fact_checks DROP COLUMN IF EXISTS ${column}`);
    }
  }
}
