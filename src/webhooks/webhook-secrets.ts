import { needsResealing, open, seal } from '../common/secret-box';
import type { SecretKeyRing } from '../config/secret-key-ring';

/**
 * Endpoint signing secrets at rest: sealed (AES-256-GCM, docs/webhooks.md "Secrets at rest") and
 * bound to their endpoint's id. The same functions serve the API, the worker, the migration that
 * seals plain rows and the re-sealing after a key rotation.
 */
const aad = (endpointId: string) => `webhook_endpoint:${endpointId}`;

export function sealEndpointSecret(ring: SecretKeyRing, endpointId: string, secret: string): string {
  return seal(ring, secret, aad(endpointId));
}

export function openEndpointSecret(ring: SecretKeyRing, endpointId: string, stored: string): string {
  return open(ring, stored, aad(endpointId));
}

/** Runs one SQL statement (outside or inside a transaction, as the caller decides) and returns its rows. */
export type RunSql = (sql: string, params: unknown[]) => Promise<unknown>;

interface SecretRow {
  id: string;
  secret: string;
  previous_secret: string | null;
}

const BATCH = 500;

/**
 * Seals every secret that is plain or sealed with a key other than the ring's primary, in batches of
 * `batchSize` rows by id, each one statement of its own (no long lock). A row changed meanwhile (a
 * rotation) is left as it is: the UPDATE matches the values it read. Returns how many rows changed.
 */
export async function resealEndpointSecrets(run: RunSql, ring: SecretKeyRing, batchSize = BATCH): Promise<number> {
  return rewriteSecrets(run, batchSize, `enc:v1:${ring.primaryId.replace(/_/g, '\\_')}:%`, (row, value) =>
    needsResealing(ring, value) ? sealEndpointSecret(ring, row.id, openEndpointSecret(ring, row.id, value)) : value,
  );
}

/** The reverse, for the migration's `down`: every secret plain again. */
export async function unsealEndpointSecrets(run: RunSql, ring: SecretKeyRing, batchSize = BATCH): Promise<number> {
  return rewriteSecrets(run, batchSize, 'whsec\\_%', (row, value) => openEndpointSecret(ring, row.id, value));
}

async function rewriteSecrets(
  run: RunSql,
  batchSize: number,
  keepPattern: string,
  rewrite: (row: SecretRow, value: string) => string,
): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let changed = 0;
  for (;;) {
    const rows = (await run(
      `SELECT id, secret, previous_secret FROM webhook_endpoints
        WHERE id > $1 AND (secret NOT LIKE $2 OR (previous_secret IS NOT NULL AND previous_secret NOT LIKE $2))
        ORDER BY id LIMIT $3`,
      [after, keepPattern, batchSize],
    )) as SecretRow[];
    if (rows.length === 0) return changed;
    const secrets = rows.map((row) => rewrite(row, row.secret));
    const previous = rows.map((row) => (row.previous_secret === null ? null : rewrite(row, row.previous_secret)));
    await run(
      `UPDATE webhook_endpoints w SET secret = t.secret, previous_secret = t.previous_secret
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, secret, previous_secret, old_secret, old_previous)
        WHERE w.id = t.id AND w.secret = t.old_secret AND w.previous_secret IS NOT DISTINCT FROM t.old_previous`,
      [rows.map((row) => row.id), secrets, previous, rows.map((row) => row.secret), rows.map((row) => row.previous_secret)],
    );
    changed += rows.length;
    after = rows[rows.length - 1].id;
    if (rows.length < batchSize) return changed;
  }
}
