import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { createIndexConcurrently, withLockTimeout } from '../big-table-migrations';

/**
 * claim_events is keyed by (claim_id, version), which it already had to be unique on; its bigserial
 * `id` was read by no query, yet every history row (three or more per claim) paid a sequence call and
 * an entry in a second btree. The unique index is built CONCURRENTLY under a new name, then one brief
 * ALTER (lock timeout) makes it the primary key in place of `id`'s and drops the column (no rewrite:
 * a dropped column's space is reused as rows are rewritten).
 */
export class ClaimEventsNaturalKey1764900000000 implements MigrationInterface {
  name = 'ClaimEventsNaturalKey1764900000000';
  transaction = false as const;

  async up(db: QueryRunner): Promise<void> {
    const [column] = (await db.query(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'claim_events' AND column_name = 'id'`,
    )) as unknown[];
    if (!column) return;
    await createIndexConcurrently(db, 'claim_events_claim_version_pkey', `claim_events (claim_id, version)`, true);
    await withLockTimeout(
      db,
      `ALTER TABLE claim_events DROP CONSTRAINT claim_events_pkey, DROP CONSTRAINT IF EXISTS claim_events_claim_id_version_key,
         ADD CONSTRAINT claim_events_pkey PRIMARY KEY USING INDEX claim_events_claim_version_pkey, DROP COLUMN id`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    // Rewrites the table (a bigserial column has a volatile default): for development databases.
    await db.query(`ALTER TABLE claim_events ADD COLUMN IF NOT EXISTS id bigserial`);
    await db.query(
      `ALTER TABLE claim_events DROP CONSTRAINT claim_events_pkey, ADD CONSTRAINT claim_events_pkey PRIMARY KEY (id),
         ADD CONSTRAINT claim_events_claim_id_version_key UNIQUE (claim_id, version)`,
    );
  }
}
