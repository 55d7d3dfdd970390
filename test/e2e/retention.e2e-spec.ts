import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { RetentionService } from '../../src/retention/retention.service';
import { connectDb } from '../support/review-fixtures';
import { bearer, createNewsroom, startWorker, withStack } from '../support/stack';
import { PRIVATE_NETWORKS_ALLOWED, registerEndpoint } from '../support/webhook-receiver';

const ENV = {
  ...PRIVATE_NETWORKS_ALLOWED,
  RETENTION_BATCH_SIZE: '2',
  WEBHOOK_DELIVERY_RETENTION_HOURS: '720',
  IDEMPOTENCY_KEY_RETENTION_HOURS: '48',
};

describe('retention: finished bookkeeping is purged after its age, the audit trail is kept', () => {
  const stack = withStack({ worker: false, env: ENV });
  let worker: INestApplicationContext;
  let db: Client;

  beforeAll(async () => {
    worker = await startWorker(ENV);
    db = await connectDb();
  });
  afterAll(async () => {
    await db.end();
    await worker.close();
  });

  it('purges old delivered and failed deliveries, their events and spent idempotency keys, in batches, and nothing else', async () => {
    const newsroom = await createNewsroom(stack, 'Retention Desk');
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: 'http://127.0.0.1:9/hook' });
    const article = async (key: string) =>
      (
        await stack.http
          .post('/v1/articles')
          .set({ ...bearer(newsroom.apiKey), 'Idempotency-Key': key })
          .send({ text: `Exports rose 4% in 2023 (${key}).` })
          .expect(202)
      ).body.id as string;
    const oldKeyArticle = await article('old-key');
    await article('fresh-key');
    await db.query(`UPDATE idempotency_keys SET created_at = now() - interval '49 hours' WHERE key = 'old-key'`);

    // Events and deliveries in every state and age (31 days is past the 30-day retention).
    const seed = async (label: string, age: string, deliveries: string[]) => {
      const eventId = `msg_${label}_${randomUUID()}`;
      await db.query(
        `INSERT INTO webhook_events (id, newsroom_id, type, body, occurred_at) VALUES ($1, $2, 'article.completed', '{}', now() - $3::interval)`,
        [eventId, newsroom.id, age],
      );
      for (const status of deliveries) {
        await db.query(
          `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, status, next_attempt_at, created_at, updated_at)
           VALUES ($1, $2, $3, $4, CASE WHEN $4 = 'pending' THEN now() + interval '1 hour' END, now() - $5::interval, now() - $5::interval)`,
          [randomUUID(), eventId, endpoint.id, status, age],
        );
      }
      return eventId;
    };
    const oldDone: string[] = [];
    for (let n = 0; n < 5; n++) oldDone.push(await seed(`old${n}`, '31 days', ['delivered']));
    const oldFailed = await seed('oldfailed', '31 days', ['failed']);
    const oldNoSubscriber = await seed('oldnone', '31 days', []);
    const oldStillPending = await seed('oldpending', '31 days', ['pending']);
    const recentDelivered = await seed('recentdelivered', '2 days', ['delivered']);
    const recentFailed = await seed('recentfailed', '2 days', ['failed']);
    const [before] = (
      await db.query(
        `SELECT (SELECT count(*)::int FROM claim_events) AS claim_events, (SELECT count(*)::int FROM article_events) AS article_events`,
      )
    ).rows;

    await worker.get(RetentionService).purge();

    const { rows: events } = await db.query<{ id: string }>(`SELECT id FROM webhook_events WHERE newsroom_id = $1`, [newsroom.id]);
    const left = new Set(events.map((event) => event.id));
    for (const gone of [...oldDone, oldFailed, oldNoSubscriber]) expect(left.has(gone)).toBe(false);
    expect(left.has(oldStillPending)).toBe(true);
    expect(left.has(recentDelivered) && left.has(recentFailed)).toBe(true);
    const { rows: deliveries } = await db.query<{ event_id: string; status: string }>(
      `SELECT event_id, status FROM webhook_deliveries WHERE endpoint_id = $1 AND event_id = ANY($2::text[]) ORDER BY event_id, status`,
      [endpoint.id, [...oldDone, oldFailed, oldNoSubscriber, oldStillPending, recentDelivered, recentFailed]],
    );
    expect(deliveries).toEqual(
      [
        { event_id: oldStillPending, status: 'pending' },
        { event_id: recentDelivered, status: 'delivered' },
        { event_id: recentFailed, status: 'failed' },
      ].sort((a, b) => a.event_id.localeCompare(b.event_id) || a.status.localeCompare(b.status)),
    );
    const { rows: keys } = await db.query(`SELECT key FROM idempotency_keys WHERE newsroom_id = $1 ORDER BY key`, [newsroom.id]);
    expect(keys).toEqual([{ key: 'fresh-key' }]);
    // The article of a purged key stays, and so does the history.
    expect((await db.query(`SELECT 1 FROM articles WHERE id = $1`, [oldKeyArticle])).rowCount).toBe(1);
    const [after] = (
      await db.query(
        `SELECT (SELECT count(*)::int FROM claim_events) AS claim_events, (SELECT count(*)::int FROM article_events) AS article_events`,
      )
    ).rows;
    expect(after.claim_events).toBeGreaterThanOrEqual(before.claim_events);
    expect(after.article_events).toBeGreaterThanOrEqual(before.article_events);

    // A second sweep finds nothing more.
    expect(await worker.get(RetentionService).purge()).toEqual({ webhookDeliveries: 0, webhookEvents: 0, idempotencyKeys: 0 });
  });

  it('npm run db:migrate builds the CONCURRENTLY indexes outside a transaction, and a second run changes nothing', async () => {
    const base = process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
    const database = `${process.env.TEST_DATABASE_NAME}_migrate`;
    const admin = new Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const url = `${base}/${database}`;
    const migrate = () =>
      execFileSync(process.execPath, [join(__dirname, '../../dist/database/migrate.js')], {
        env: { ...process.env, DATABASE_URL: url },
        encoding: 'utf8',
      });
    try {
      expect(migrate()).toContain('RetentionIndexes1764700000000');
      expect(migrate()).toContain('database is up to date');
      const fresh = new Client({ connectionString: url });
      await fresh.connect();
      const { rows } = await fresh.query(
        `SELECT c.relname, i.indisvalid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
          WHERE c.relname IN ('webhook_deliveries_finished_idx', 'webhook_events_occurred_idx') ORDER BY 1`,
      );
      await fresh.end();
      expect(rows).toEqual([
        { relname: 'webhook_deliveries_finished_idx', indisvalid: true },
        { relname: 'webhook_events_occurred_idx', indisvalid: true },
      ]);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  });
});
