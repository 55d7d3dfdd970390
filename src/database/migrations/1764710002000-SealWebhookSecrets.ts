import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { webhookSecretKeyRing } from '../../config/config';
import { resealEndpointSecrets, unsealEndpointSecrets } from '../../webhooks/webhook-secrets';

/**
 * Encrypts the endpoint secrets stored in plain text (AES-256-GCM under WEBHOOK_SECRET_KEYS, see
 * docs/webhooks.md), 500 rows per statement, each batch committed on its own so no long lock is held.
 * The service reads plain and sealed values alike, so it may run while this does. `down` opens them again.
 */
export class SealWebhookSecrets1764710002000 implements MigrationInterface {
  name = 'SealWebhookSecrets1764710002000';
  transaction = false as const;

  async up(db: QueryRunner): Promise<void> {
    await resealEndpointSecrets((sql, params) => db.query(sql, params), webhookSecretKeyRing());
  }

  async down(db: QueryRunner): Promise<void> {
    await unsealEndpointSecrets((sql, params) => db.query(sql, params), webhookSecretKeyRing());
  }
}
