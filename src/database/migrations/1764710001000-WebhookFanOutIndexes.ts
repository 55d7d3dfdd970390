import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A delivery job drains its endpoint's due deliveries (endpoint_id, next_attempt_at among pending
 * ones), and the worker clears expired previous secrets. Built CONCURRENTLY, so outside a
 * transaction: writes to a big table go on meanwhile.
 */
export class WebhookFanOutIndexes1764710001000 implements MigrationInterface {
  name = 'WebhookFanOutIndexes1764710001000';
  transaction = false as const;

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS webhook_deliveries_endpoint_due_idx ON webhook_deliveries (endpoint_id, next_attempt_at)
        WHERE status = 'pending'`,
    );
    await db.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS webhook_endpoints_previous_secret_idx ON webhook_endpoints (previous_secret_expires_at)
        WHERE previous_secret IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX CONCURRENTLY IF EXISTS webhook_endpoints_previous_secret_idx`);
    await db.query(`DROP INDEX CONCURRENTLY IF EXISTS webhook_deliveries_endpoint_due_idx`);
  }
}
