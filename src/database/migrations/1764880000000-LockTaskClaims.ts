import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * claimflow_lock_task_claims(cluster, claim, statuses): the claims a review task stands for, locked in
 * the lock order (docs/reviewer-workflow.md): its cluster row first, then the cluster's members in the
 * given statuses (id order); for a task without a cluster, its own claim when it is in one of them.
 * Returns them as a jsonb array of claim rows. One round trip where there were two, and callable from
 * inside another statement (the claim-next lease). It is VOLATILE plpgsql on purpose: in READ COMMITTED
 * each of its statements takes a fresh snapshot, so the member read starts after the cluster lock is
 * granted and sees every claim a concurrent transaction attached to the cluster before it let go of
 * that lock (one statement doing both would keep the snapshot from before it waited, and miss them).
 * A new function only: no table is touched.
 */
export class LockTaskClaims1764880000000 implements MigrationInterface {
  name = 'LockTaskClaims1764880000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION claimflow_lock_task_claims(p_cluster_id uuid, p_claim_id uuid, p_statuses text[])
        RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        IF p_cluster_id IS NOT NULL THEN
          PERFORM 1 FROM claim_clusters WHERE id = p_cluster_id FOR UPDATE;
          RETURN (SELECT COALESCE(jsonb_agg(to_jsonb(m) ORDER BY m.id), '[]'::jsonb) FROM (
                    SELECT * FROM claims WHERE cluster_id = p_cluster_id AND status = ANY(p_statuses) ORDER BY id FOR UPDATE) m);
        END IF;
        RETURN (SELECT COALESCE(jsonb_agg(to_jsonb(m)), '[]'::jsonb) FROM (
                  SELECT * FROM claims WHERE id = p_claim_id FOR UPDATE) m WHERE m.status = ANY(p_statuses));
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION IF EXISTS claimflow_lock_task_claims(uuid, uuid, text[])`);
  }
}
