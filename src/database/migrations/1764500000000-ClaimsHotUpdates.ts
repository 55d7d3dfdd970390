import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Every claim changes status several times (pending -> verifying -> needs_review -> ...). With an
 * index on status, each change writes a new entry into every index of the table; without it (no
 * query used it) and with free room left in each page, Postgres updates the row in place (HOT),
 * touching no index at all.
 */
export class ClaimsHotUpdates1764500000000 implements MigrationInterface {
  name = 'ClaimsHotUpdates1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS claims_status_idx`);
    await db.query(`ALTER TABLE claims SET (fillfactor = 80)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE claims RESET (fillfactor)`);
    await db.query(`CREATE INDEX IF NOT EXISTS claims_status_idx ON claims (status)`);
  }
}
