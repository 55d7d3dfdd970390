import { type MigrationInterface, type QueryRunner } from 'typeorm';

const BACKFILL_BATCH = 1000;

/**
 * Claim clusters (docs/clusters.md): the same claim in many articles is reviewed once.
 * - claim_clusters holds a cluster's decision (verdict or dismissal) so later copies can inherit it;
 *   cluster_keys maps each normalised claim text (sha256, primary key: the race-safe join point) to its
 *   cluster, with the near-duplicate guard (numbers, entities, negations: equal for any two
 *   near-duplicates) and the text length under a btree index for the near-duplicate lookup.
 * - claims.cluster_id and review_tasks.cluster_id; at most one open or claimed task per cluster.
 * Safe on big tables: new columns have no default or a constant one (no rewrite), indexes are built
 * CONCURRENTLY (hence no transaction), the foreign key is added NOT VALID and validated afterwards
 * (validation does not block writes), and claims already in the workflow get a cluster of their own in
 * batches (cluster id = claim id; no key, so new copies do not join them by key).
 */
export class ClaimClusters1764730000000 implements MigrationInterface {
  name = 'ClaimClusters1764730000000';
  transaction = false as const;

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE IF NOT EXISTS claim_clusters (
        id uuid PRIMARY KEY,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'verified', 'dismissed')),
        verdict_rating text,
        verdict_summary text,
        verdict_reviewer_id uuid,
        decided_at timestamptz,
        decided_task_id uuid,
        dismiss_reason text,
        merged_into_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS cluster_keys (
        key text PRIMARY KEY,
        cluster_id uuid NOT NULL REFERENCES claim_clusters(id) DEFERRABLE INITIALLY DEFERRED,
        normalized_text text NOT NULL,
        sample_text text NOT NULL,
        language text NOT NULL,
        guard text,
        length integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX IF NOT EXISTS cluster_keys_cluster_idx ON cluster_keys (cluster_id)`);
    await db.query(`CREATE INDEX IF NOT EXISTS cluster_keys_guard_idx ON cluster_keys (guard, length) WHERE guard IS NOT NULL`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS cluster_events (
        id bigserial PRIMARY KEY,
        cluster_id uuid NOT NULL,
        claim_id uuid,
        kind text NOT NULL CHECK (kind IN ('detached', 'merged')),
        other_cluster_id uuid,
        actor_id uuid,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX IF NOT EXISTS cluster_events_cluster_idx ON cluster_events (cluster_id, at)`);

    await db.query(`ALTER TABLE claims ADD COLUMN IF NOT EXISTS cluster_id uuid`);
    await db.query(`ALTER TABLE claims ADD COLUMN IF NOT EXISTS verdict_inherited boolean NOT NULL DEFAULT false`);
    await db.query(`ALTER TABLE review_tasks ADD COLUMN IF NOT EXISTS cluster_id uuid`);
    await db.query(`
      DO $$ BEGIN
        ALTER TABLE claims ADD CONSTRAINT claims_cluster_fk FOREIGN KEY (cluster_id) REFERENCES claim_clusters(id) NOT VALID;
      EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
    await db.query(`ALTER TABLE claims VALIDATE CONSTRAINT claims_cluster_fk`);
    await db.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS claims_cluster_idx ON claims (cluster_id) WHERE cluster_id IS NOT NULL`);
    await db.query(
      `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS review_tasks_cluster_active_idx ON review_tasks (cluster_id)
        WHERE status IN ('open', 'claimed')`,
    );

    for (;;) {
      const rows: unknown[] = await db.query(
        `WITH batch AS (
           SELECT id, status, verdict_rating, verdict_summary, verdict_reviewer_id, verdict_decided_at FROM claims
            WHERE cluster_id IS NULL AND status <> 'not_checkworthy' LIMIT ${BACKFILL_BATCH} FOR UPDATE SKIP LOCKED
         ), made AS (
           INSERT INTO claim_clusters (id, status, verdict_rating, verdict_summary, verdict_reviewer_id, decided_at)
           SELECT id, CASE WHEN status IN ('verified', 'dismissed') THEN status ELSE 'open' END,
                  verdict_rating, verdict_summary, verdict_reviewer_id, verdict_decided_at FROM batch
           ON CONFLICT (id) DO NOTHING
         ), tasks AS (
           UPDATE review_tasks SET cluster_id = claim_id WHERE claim_id IN (SELECT id FROM batch)
         )
         UPDATE claims SET cluster_id = id WHERE id IN (SELECT id FROM batch) RETURNING id`,
      );
      if (rows.length < BACKFILL_BATCH) break;
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS review_tasks_cluster_active_idx`);
    await db.query(`DROP INDEX IF EXISTS claims_cluster_idx`);
    await db.query(`ALTER TABLE claims DROP CONSTRAINT IF EXISTS claims_cluster_fk`);
    await db.query(`ALTER TABLE review_tasks DROP COLUMN IF EXISTS cluster_id`);
    await db.query(`ALTER TABLE claims DROP COLUMN IF EXISTS verdict_inherited`);
    await db.query(`ALTER TABLE claims DROP COLUMN IF EXISTS cluster_id`);
    await db.query(`DROP TABLE IF EXISTS cluster_events`);
    await db.query(`DROP TABLE IF EXISTS cluster_keys`);
    await db.query(`DROP TABLE IF EXISTS claim_clusters`);
  }
}
