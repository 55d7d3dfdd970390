import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Delivery log paging (newest first by UUIDv7 id, optionally by status) and the per-endpoint scans
 * of pending deliveries (stop on delete/disable) and failed ones (recover since T).
 */
export class WebhookDeliveryIndexes1764195000000 implements MigrationInterface {
  name = 'WebhookDeliveryIndexes1764195000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX webhook_deliveries_endpoint_id_idx ON webhook_deliveries (endpoint_id, id DESC)`);
    await db.query(`CREATE INDEX webhook_deliveries_endpoint_status_idx ON webhook_deliveries (endpoint_id, status, id DESC)`);
    await db.query(`CREATE INDEX webhook_deliveries_failed_idx ON webhook_deliveries (endpoint_id, created_at) WHERE status = 'failed'`);
    await db.query(`CREATE INDEX webhook_endpoints_newsroom_id_idx ON webhook_endpoints (newsroom_id, id DESC) WHERE deleted_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of [
      'webhook_deliveries_endpoint_id_idx',
      'webhook_deliveries_endpoint_status_idx',
      'webhook_deliveries_failed_idx',
      'webhook_endpoints_newsroom_id_idx',
    ]) {
      await db.query(`DROP INDEX IF EXISTS ${index}`);
    }
  }
}
