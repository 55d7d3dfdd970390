import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A delivery attempt is claimed by the statement that counts it: `claimed_until` (the claim's
 * lease) and `claim_token` (whose claim it is, so only that attempt records its outcome). Nullable
 * columns without defaults: adding them rewrites nothing, however big the table.
 */
export class WebhookDeliveryClaims1764710000000 implements MigrationInterface {
  name = 'WebhookDeliveryClaims1764710000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE webhook_deliveries ADD COLUMN IF NOT EXISTS claimed_until timestamptz, ADD COLUMN IF NOT EXISTS claim_token uuid`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE webhook_deliveries DROP COLUMN IF EXISTS claimed_until, DROP COLUMN IF EXISTS claim_token`);
  }
}
