import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Fact-check matching and review leases.
 * - fact_checks gets a folded copy of the text (lower + unaccent) with a trigram index, and a
 *   language-aware tsvector (item language -> regconfig) with a GIN index; both are generated
 *   columns, so every insert path (API import, verdicts, bulk SQL) keeps them right.
 * - review_tasks gets rank_key = base priority - aging * hours since epoch at creation: ordering by it
 *   equals ordering by the aged priority at any instant, so one static index serves claim-next.
 */
export class ReviewWorkflow1764300000000 implements MigrationInterface {
  name = 'ReviewWorkflow1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    // unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes the
    // wrapper safe to declare IMMUTABLE, which generated columns and indexes require.
    await db.query(`
      CREATE FUNCTION claimflow_fold(input text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, input)) $$`);
    await db.query(`
      CREATE FUNCTION claimflow_ts_config(language text) RETURNS regconfig
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT CASE lower(split_part(coalesce(language, ''), '-', 1))
          WHEN 'en' THEN 'pg_catalog.english'::regconfig
          WHEN 'es' THEN 'pg_catalog.spanish'::regconfig
          WHEN 'fr' THEN 'pg_catalog.french'::regconfig
          WHEN 'de' THEN 'pg_catalog.german'::regconfig
          WHEN 'pt' THEN 'pg_catalog.portuguese'::regconfig
          WHEN 'ru' THEN 'pg_catalog.russian'::regconfig
          ELSE 'pg_catalog.simple'::regconfig END $$`);
    await db.query(`ALTER TABLE fact_checks ADD COLUMN folded_text text GENERATED ALWAYS AS (claimflow_fold(claim_text)) STORED`);
    await db.query(`
      ALTER TABLE fact_checks ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector(claimflow_ts_config(language), claimflow_fold(claim_text))) STORED`);
    await db.query(`ALTER TABLE fact_checks ADD COLUMN language_primary text
        GENERATED ALWAYS AS (lower(split_part(language, '-', 1))) STORED`);
    await db.query(`DROP INDEX IF EXISTS fact_checks_trgm_idx`);
    await db.query(`CREATE INDEX fact_checks_folded_trgm_idx ON fact_checks USING gin (folded_text gin_trgm_ops)`);
    await db.query(`CREATE INDEX fact_checks_search_vector_idx ON fact_checks USING gin (search_vector)`);

    await db.query(`ALTER TABLE review_tasks ADD COLUMN rank_key double precision`);
    await db.query(`UPDATE review_tasks SET rank_key = priority - 0.05 * extract(epoch FROM created_at) / 3600`);
    await db.query(`ALTER TABLE review_tasks ALTER COLUMN rank_key SET NOT NULL`);
    await db.query(
      `ALTER TABLE review_tasks ADD COLUMN language_primary text GENERATED ALWAYS AS (lower(split_part(language, '-', 1))) STORED`,
    );
    await db.query(`CREATE INDEX review_tasks_open_rank_idx ON review_tasks (rank_key DESC, id DESC) WHERE status = 'open'`);
    await db.query(`CREATE INDEX review_tasks_status_rank_idx ON review_tasks (status, rank_key DESC, id DESC)`);
    await db.query(`DROP INDEX IF EXISTS review_tasks_open_idx`);
    await db.query(`DROP INDEX IF EXISTS review_tasks_status_idx`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS review_tasks_open_rank_idx`);
    await db.query(`DROP INDEX IF EXISTS review_tasks_status_rank_idx`);
    await db.query(`ALTER TABLE review_tasks DROP COLUMN IF EXISTS language_primary`);
    await db.query(`ALTER TABLE review_tasks DROP COLUMN IF EXISTS rank_key`);
    await db.query(
      `CREATE INDEX IF NOT EXISTS review_tasks_open_idx ON review_tasks (priority DESC, created_at, id) WHERE status = 'open'`,
    );
    await db.query(`CREATE INDEX IF NOT EXISTS review_tasks_status_idx ON review_tasks (status, priority DESC, id)`);
    await db.query(`DROP INDEX IF EXISTS fact_checks_search_vector_idx`);
    await db.query(`DROP INDEX IF EXISTS fact_checks_folded_trgm_idx`);
    await db.query(`ALTER TABLE fact_checks DROP COLUMN IF EXISTS language_primary`);
    await db.query(`ALTER TABLE fact_checks DROP COLUMN IF EXISTS search_vector`);
    await db.query(`ALTER TABLE fact_checks DROP COLUMN IF EXISTS folded_text`);
    await db.query(`CREATE INDEX IF NOT EXISTS fact_checks_trgm_idx ON fact_checks USING gin (claim_text gin_trgm_ops)`);
    await db.query(`DROP FUNCTION IF EXISTS claimflow_ts_config(text)`);
    await db.query(`DROP FUNCTION IF EXISTS claimflow_fold(text)`);
  }
}
