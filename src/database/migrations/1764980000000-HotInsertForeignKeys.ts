import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { withLockTimeout } from '../big-table-migrations';

/**
 * Drops the foreign keys whose per-row check the pipeline paid on its hottest inserts (about 235 RI
 * queries per article: each claim, history row, webhook event and delivery; 30-50% of those inserts'
 * time) while each parent is guaranteed by the statement or transaction that writes the child:
 * - claims.newsroom_id: the claim copies the newsroom of its article, which the article's own key
 *   (articles.newsroom_id) holds; claims.article_id stays (its cascade deletes an article's claims).
 * - claim_events.claim_id: history rows are written only by the statement that inserts or updates
 *   their claim (ClaimRepository), so the claim exists. The key's ON DELETE CASCADE is kept by a
 *   statement-level trigger that deletes the history of deleted claims, a cost only deletes pay.
 * - webhook_events.newsroom_id and webhook_deliveries.endpoint_id: rows are written for endpoints
 *   the same transaction read as subscribed; newsrooms and endpoints are never deleted (an endpoint is
 *   marked deleted_at). webhook_deliveries.event_id: written with its event in one transaction, and
 *   retention deletes an event only once no delivery refers to it.
 * Besides the checks, each one took a FOR KEY SHARE lock on the parent row, and every transaction of
 * a newsroom locked the same newsroom and endpoint rows (multixacts). DROP CONSTRAINT only needs a
 * brief lock (lock timeout) and rewrites nothing; `down` adds the keys back NOT VALID, then validates
 * them without blocking writes.
 */
export class HotInsertForeignKeys1764980000000 implements MigrationInterface {
  name = 'HotInsertForeignKeys1764980000000';
  transaction = false as const;

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION claimflow_delete_claim_history() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM claim_events WHERE claim_id IN (SELECT id FROM deleted_claims);
        RETURN NULL;
      END $$`);
    await withLockTimeout(
      db,
      `DO $$ BEGIN
         CREATE TRIGGER claims_delete_history AFTER DELETE ON claims REFERENCING OLD TABLE AS deleted_claims
           FOR EACH STATEMENT EXECUTE FUNCTION claimflow_delete_claim_history();
       EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    );
    await withLockTimeout(db, `ALTER TABLE claim_events DROP CONSTRAINT IF EXISTS claim_events_claim_id_fkey`);
    await withLockTimeout(db, `ALTER TABLE claims DROP CONSTRAINT IF EXISTS claims_newsroom_id_fkey`);
    await withLockTimeout(
      db,
      `ALTER TABLE webhook_deliveries DROP CONSTRAINT IF EXISTS webhook_deliveries_event_id_fkey,
         DROP CONSTRAINT IF EXISTS webhook_deliveries_endpoint_id_fkey`,
    );
    await withLockTimeout(db, `ALTER TABLE webhook_events DROP CONSTRAINT IF EXISTS webhook_events_newsroom_id_fkey`);
  }

  async down(db: QueryRunner): Promise<void> {
    const keys: Array<[table: string, name: string, definition: string]> = [
      ['webhook_events', 'webhook_events_newsroom_id_fkey', 'FOREIGN KEY (newsroom_id) REFERENCES newsrooms(id)'],
      ['webhook_deliveries', 'webhook_deliveries_event_id_fkey', 'FOREIGN KEY (event_id) REFERENCES webhook_events(id)'],
      ['webhook_deliveries', 'webhook_deliveries_endpoint_id_fkey', 'FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoints(id)'],
      ['claims', 'claims_newsroom_id_fkey', 'FOREIGN KEY (newsroom_id) REFERENCES newsrooms(id)'],
      ['claim_events', 'claim_events_claim_id_fkey', 'FOREIGN KEY (claim_id) REFERENCES claims(id) ON DELETE CASCADE'],
    ];
    for (const [table, name, definition] of keys) {
      await withLockTimeout(
        db,
        `DO $$ BEGIN ALTER TABLE ${table} ADD CONSTRAINT ${name} ${definition} NOT VALID;
         EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
      );
      await db.query(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${name}`);
    }
    await withLockTimeout(db, `DROP TRIGGER IF EXISTS claims_delete_history ON claims`);
    await db.query(`DROP FUNCTION IF EXISTS claimflow_delete_claim_history()`);
  }
}
