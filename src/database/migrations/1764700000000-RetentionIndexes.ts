import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { createIndexConcurrently, dropIndexConcurrently } from '../big-table-migrations';

/**
 * Lets the retention purge find expired deliveries and events without scanning the tables. Built
 * CONCURRENTLY, outside a transaction: webhook tables are the biggest and busiest of all.
 */
export class RetentionIndexes1764700000000 implements MigrationInterface {
  name = 'RetentionIndexes1764700000000';
  transaction = false as const;

  async up(db: QueryRunner): Promise<void> {
    await createIndexConcurrently(db, 'webhook_deliveries_finished_idx', `webhook_deliveries (updated_at) WHERE status <> 'pending'`);
    await createIndexConcurrently(db, 'webhook_events_occurred_idx', `webhook_events (occurred_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await dropIndexConcurrently(db, 'webhook_events_occurred_idx');
    await dropIndexConcurrently(db, 'webhook_deliveries_finished_idx');
  }
}
