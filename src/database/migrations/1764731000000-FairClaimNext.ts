import { type MigrationInterface, type QueryRunner } from 'typeorm';

const BACKFILL_BATCH = 1000;

/**
 * Fair claim-next across newsrooms (docs/clusters.md, "Fair claim-next"): review_tasks learns the
 * newsroom of the claim it is presented with (a trigger keeps it right on every insert path), with a
 * per-newsroom open-task index for each newsroom's best task, and newsroom_review_share keeps a
 * decaying count of the leases each newsroom got recently. Safe on a big table: the column has no
 * default, the backfill runs in batches, the indexes are built CONCURRENTLY (hence no transaction).
 */
export class FairClaimNext1764731000000 implements MigrationInterface {
  name = 'FairClaimNext1764731000000';
  transaction = false as const;

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE review_tasks ADD COLUMN IF NOT EXISTS newsroom_id uuid`);
    await db.query(`
      CREATE OR REPLACE FUNCTION claimflow_review_task_newsroom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.newsroom_id IS NULL OR (TG_OP = 'UPDATE' AND NEW.claim_id IS DISTINCT FROM OLD.claim_id) THEN
          SELECT newsroom_id INTO NEW.newsroom_id FROM claims WHERE id = NEW.claim_id;
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`DROP TRIGGER IF EXISTS review_tasks_newsroom ON review_tasks`);
    await db.query(`
      CREATE TRIGGER review_tasks_newsroom BEFORE INSERT OR UPDATE OF claim_id ON review_tasks
        FOR EACH ROW EXECUTE FUNCTION claimflow_review_task_newsroom()`);
    for (;;) {
      const rows: unknown[] = await db.query(
        `UPDATE review_tasks t SET newsroom_id = c.newsroom_id FROM claims c
          WHERE c.id = t.claim_id AND t.id IN (SELECT id FROM review_tasks WHERE newsroom_id IS NULL LIMIT ${BACKFILL_BATCH})
          RETURNING t.id`,
      );
      if (rows.length < BACKFILL_BATCH) break;
    }
    await db.query(`
      CREATE TABLE IF NOT EXISTS newsroom_review_share (
        newsroom_id uuid PRIMARY KEY,
        leases double precision NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS review_tasks_open_newsroom_rank_idx ON review_tasks (newsroom_id, rank_key DESC, id DESC)
        WHERE status = 'open'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS review_tasks_open_newsroom_rank_idx`);
    await db.query(`DROP TABLE IF EXISTS newsroom_review_share`);
    await db.query(`DROP TRIGGER IF EXISTS review_tasks_newsroom ON review_tasks`);
    await db.query(`DROP FUNCTION IF EXISTS claimflow_review_task_newsroom()`);
    await db.query(`ALTER TABLE review_tasks DROP COLUMN IF EXISTS newsroom_id`);
  }
}
