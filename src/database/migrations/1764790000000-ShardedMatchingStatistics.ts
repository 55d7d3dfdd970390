import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Matching statistics that concurrent imports do not serialise on (docs/matching.md, "Term
 * statistics"): the collection totals become 16 shard rows and document frequencies gain a shard
 * column, (term, shard) being the key; a writer adds to its connection's shard, a reader sums the
 * shards. Before, every import updated the one totals row and the df row of every common term, so
 * concurrent imports queued behind each other until commit.
 * Safe on a big library: the new column has a constant default (a catalogue change, no rewrite), the
 * new key's unique index is built CONCURRENTLY (writes go on), and the key swap only takes a short lock.
 */
export class ShardedMatchingStatistics1764790000000 implements MigrationInterface {
  name = 'ShardedMatchingStatistics1764790000000';
  transaction = false as const;

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE fact_check_collection DROP CONSTRAINT IF EXISTS fact_check_collection_id_check`);
    await db.query(
      `DO $$ BEGIN
         ALTER TABLE fact_check_collection ADD CONSTRAINT fact_check_collection_shard_range CHECK (id BETWEEN 1 AND 16);
       EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    );
    await db.query(`INSERT INTO fact_check_collection SELECT id, 0, 0, 0, 0 FROM generate_series(1, 16) AS id ON CONFLICT (id) DO NOTHING`);
    await db.query(`ALTER TABLE fact_check_term_stats ADD COLUMN IF NOT EXISTS shard smallint NOT NULL DEFAULT 0`);
    await db.query(
      `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS fact_check_term_stats_term_shard_key ON fact_check_term_stats (term, shard)`,
    );
    await db.query(
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'fact_check_term_stats_sharded_pkey') THEN
           SET LOCAL lock_timeout = '10s';
           ALTER TABLE fact_check_term_stats DROP CONSTRAINT fact_check_term_stats_pkey,
             ADD CONSTRAINT fact_check_term_stats_sharded_pkey PRIMARY KEY USING INDEX fact_check_term_stats_term_shard_key;
         END IF;
       END $$`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('BEGIN');
    await db.query(
      `UPDATE fact_check_collection c SET documents = t.documents, total_terms = t.total_terms, title_terms = t.title_terms, claim_terms = t.claim_terms
         FROM (SELECT sum(documents) AS documents, sum(total_terms) AS total_terms, sum(title_terms) AS title_terms, sum(claim_terms) AS claim_terms
                 FROM fact_check_collection) t
        WHERE c.id = 1`,
    );
    await db.query(`DELETE FROM fact_check_collection WHERE id <> 1`);
    await db.query(`ALTER TABLE fact_check_collection DROP CONSTRAINT IF EXISTS fact_check_collection_shard_range`);
    await db.query(`ALTER TABLE fact_check_collection ADD CONSTRAINT fact_check_collection_id_check CHECK (id = 1)`);
    await db.query(
      `CREATE TEMP TABLE folded_stats ON COMMIT DROP AS SELECT term, sum(df)::int AS df FROM fact_check_term_stats GROUP BY term`,
    );
    await db.query(`DELETE FROM fact_check_term_stats`);
    await db.query(`ALTER TABLE fact_check_term_stats DROP CONSTRAINT IF EXISTS fact_check_term_stats_sharded_pkey`);
    await db.query(`ALTER TABLE fact_check_term_stats DROP COLUMN IF EXISTS shard`);
    await db.query(`INSERT INTO fact_check_term_stats (term, df) SELECT term, df FROM folded_stats`);
    await db.query(`ALTER TABLE fact_check_term_stats ADD CONSTRAINT fact_check_term_stats_pkey PRIMARY KEY (term)`);
    await db.query('COMMIT');
  }
}
