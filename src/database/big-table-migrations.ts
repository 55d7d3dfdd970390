import type { QueryRunner } from 'typeorm';

/**
 * Helpers for migrations that a big, busy table survives (docs/operations.md, "Running migrations
 * on a big database"). A migration that uses the concurrent ones declares `transaction = false`:
 * `npm run db:migrate` runs each migration in its own transaction unless it says so, and
 * CREATE INDEX CONCURRENTLY cannot run inside one.
 */

/** How long DDL may wait for a lock before it gives up (and can be retried) instead of queueing every writer behind it. */
export const DDL_LOCK_TIMEOUT = '5s';

function requireNoTransaction(db: QueryRunner, what: string): void {
  if (db.isTransactionActive)
    throw new Error(`${what} cannot run in a transaction: declare \`transaction = false\` on the migration class`);
}

/**
 * CREATE INDEX CONCURRENTLY: builds the index while writes go on (two table scans, no write lock).
 * A build that failed half-way leaves an INVALID index of that name; it is dropped and built again,
 * so the migration can simply be re-run. `definition` is what follows `ON`, e.g.
 * `webhook_events (occurred_at)` or `claims (status) WHERE status = 'pending'`.
 */
export async function createIndexConcurrently(db: QueryRunner, name: string, definition: string, unique = false): Promise<void> {
  requireNoTransaction(db, 'CREATE INDEX CONCURRENTLY');
  const [existing] = (await db.query(
    `SELECT i.indisvalid AS valid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
      WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace`,
    [name],
  )) as { valid: boolean }[];
  if (existing?.valid) return;
  if (existing) await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
  await db.query(`CREATE ${unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY ${name} ON ${definition}`);
}

export async function dropIndexConcurrently(db: QueryRunner, name: string): Promise<void> {
  requireNoTransaction(db, 'DROP INDEX CONCURRENTLY');
  await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
}

/**
 * Runs DDL that needs a brief ACCESS EXCLUSIVE lock (ADD COLUMN without a volatile default, a
 * constraint added NOT VALID, ...) with a lock timeout, so it fails fast instead of stalling all
 * traffic behind a long transaction. Retry the deploy when it times out.
 */
export async function withLockTimeout(db: QueryRunner, sql: string): Promise<void> {
  if (db.isTransactionActive) {
    await db.query(`SET LOCAL lock_timeout = '${DDL_LOCK_TIMEOUT}'`);
    await db.query(sql);
    return;
  }
  await db.query(`SET lock_timeout = '${DDL_LOCK_TIMEOUT}'`);
  try {
    await db.query(sql);
  } finally {
    await db.query(`RESET lock_timeout`);
  }
}

export interface BackfillOptions {
  table: string;
  /** The SET list, e.g. `search_text = lower(text)`. */
  set: string;
  /** Rows still to do; must stop matching a row once it is updated, e.g. `search_text IS NULL`. */
  pending: string;
  batchSize?: number;
  /** Breathing room between batches for replication and autovacuum. */
  pauseMs?: number;
}

/**
 * Updates a big table in short batches, each its own transaction (so no long-held row locks, no
 * giant WAL burst, and progress survives an interruption: re-running goes on where it stopped).
 * Returns the rows updated.
 */
export async function backfillInBatches(db: QueryRunner, options: BackfillOptions): Promise<number> {
  requireNoTransaction(db, 'a batched backfill');
  const batchSize = options.batchSize ?? 5000;
  let total = 0;
  for (;;) {
    const rows = (await db.query(
      `UPDATE ${options.table} SET ${options.set}
        WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${options.table} WHERE ${options.pending} LIMIT ${batchSize})) RETURNING 1`,
    )) as unknown[];
    total += rows.length;
    if (rows.length < batchSize) return total;
    if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
  }
}
