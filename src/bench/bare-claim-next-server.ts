// The bare limit for claim-next: node:http + pg doing the same lease in one transaction (pick the
// highest-ranked open task with SKIP LOCKED and lease it, move its claim to in_review with a history row).
import { randomUUID } from 'node:crypto';
import { serveInTransaction } from './bare-server';

serveInTransaction(async (client, _body, request) => {
  const reviewerId = String(request.headers['x-reviewer-id']);
  const { rows } = await client.query(
    `UPDATE review_tasks SET status = 'claimed', assignee_id = $1, lease_token = $2,
            lease_expires_at = clock_timestamp() + interval '300 seconds', updated_at = now()
      WHERE id = (SELECT id FROM review_tasks WHERE status = 'open' ORDER BY rank_key DESC, id DESC LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, claim_id, lease_token, lease_expires_at`,
    [reviewerId, randomUUID()],
  );
  if (rows.length === 0) return { status: 204 };
  await client.query(
    `WITH updated AS (UPDATE claims SET status = 'in_review', version = version + 1, updated_at = now() WHERE id = $1 RETURNING id, version)
     INSERT INTO claim_events (claim_id, from_status, to_status, version, actor_id, reason) SELECT id, 'needs_review', 'in_review', version, $2, 'claimed' FROM updated`,
    [rows[0].claim_id, reviewerId],
  );
  return { status: 200, body: rows[0] };
});
