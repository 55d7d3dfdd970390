import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * claimflow_move_task_claims(cluster, claim, from, to, actor, reason, refused_event): locks the claims
 * a review task stands for as claimflow_lock_task_claims does (cluster row, then members in `from`),
 * moves them to `to` (version bumped, one history row each, as ClaimRepository.changeStatusMany) and
 * returns them as a jsonb array of claim rows, each with its `from_status`. It lets claim-next lease a
 * task and move its claims in one statement that is its own transaction. The caller checks the moves
 * against the state machine (claim-status.ts) and records their webhook events; in a statement with no
 * transaction around it nobody could, so with `refused_event` set it raises SQLSTATE CF409 (the whole
 * statement rolls back) when a newsroom of the claims subscribes to that event, and the caller retries
 * in a transaction. A new function only: no table is touched.
 */
export class MoveTaskClaims1764970000000 implements MigrationInterface {
  name = 'MoveTaskClaims1764970000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION claimflow_move_task_claims(p_cluster_id uuid, p_claim_id uuid, p_from text[], p_to text,
                                                            p_actor_id uuid, p_reason text, p_refused_event text)
        RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        locked jsonb := claimflow_lock_task_claims(p_cluster_id, p_claim_id, p_from);
        moved jsonb;
      BEGIN
        IF jsonb_array_length(locked) = 0 THEN
          RETURN locked;
        END IF;
        IF p_refused_event IS NOT NULL AND EXISTS (
             SELECT 1 FROM webhook_endpoints w
              WHERE w.newsroom_id IN (SELECT (e ->> 'newsroom_id')::uuid FROM jsonb_array_elements(locked) e)
                AND w.deleted_at IS NULL AND w.disabled_at IS NULL AND p_refused_event = ANY(w.events)) THEN
          RAISE EXCEPTION 'a newsroom of these claims subscribes to %', p_refused_event USING ERRCODE = 'CF409';
        END IF;
        WITH input AS (
          SELECT (e ->> 'id')::uuid AS id, e ->> 'status' AS from_status FROM jsonb_array_elements(locked) e
        ), updated AS (
          UPDATE claims c SET status = p_to, version = c.version + 1, updated_at = now()
            FROM input WHERE c.id = input.id
          RETURNING c.*, input.from_status
        ), history AS (
          INSERT INTO claim_events (claim_id, from_status, to_status, version, actor_id, reason, at)
          SELECT id, from_status, status, version, p_actor_id, p_reason, updated_at FROM updated
        )
        SELECT COALESCE(jsonb_agg(to_jsonb(u) ORDER BY u.id), '[]'::jsonb) INTO moved FROM updated u;
        RETURN moved;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION IF EXISTS claimflow_move_task_claims(uuid, uuid, text[], text, uuid, text, text)`);
  }
}
