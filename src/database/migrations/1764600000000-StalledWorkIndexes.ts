import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Lets the worker's work recovery find unfinished articles and overdue deliveries without scanning. */
export class StalledWorkIndexes1764600000000 implements MigrationInterface {
  name = 'StalledWorkIndexes1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX articles_unfinished_idx ON articles (status, updated_at) WHERE status IN ('received', 'extracting', 'verifying')`,
    );
    await db.query(`CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS webhook_deliveries_pending_idx`);
    await db.query(`DROP INDEX IF EXISTS articles_unfinished_idx`);
  }
}
