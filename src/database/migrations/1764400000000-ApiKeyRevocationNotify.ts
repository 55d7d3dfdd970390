import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * API processes cache checked API keys (NotifiedCache). A trigger announces a revoked, changed or
 * deleted key on claimflow_api_keys (its hash) at commit, so every process drops it at once,
 * whichever process made the change.
 */
export class ApiKeyRevocationNotify1764400000000 implements MigrationInterface {
  name = 'ApiKeyRevocationNotify1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION api_key_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('claimflow_api_keys', OLD.key_hash); RETURN NULL; END $$`);
    await db.query(`
      CREATE TRIGGER api_key_changed_notify AFTER UPDATE ON api_keys FOR EACH ROW
        WHEN (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at OR NEW.key_hash IS DISTINCT FROM OLD.key_hash
              OR NEW.role IS DISTINCT FROM OLD.role OR NEW.owner_id IS DISTINCT FROM OLD.owner_id)
        EXECUTE FUNCTION api_key_changed_notify()`);
    await db.query(`CREATE TRIGGER api_key_deleted_notify AFTER DELETE ON api_keys FOR EACH ROW EXECUTE FUNCTION api_key_changed_notify()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER IF EXISTS api_key_deleted_notify ON api_keys`);
    await db.query(`DROP TRIGGER IF EXISTS api_key_changed_notify ON api_keys`);
    await db.query(`DROP FUNCTION IF EXISTS api_key_changed_notify()`);
  }
}
