import { type INestApplicationContext } from '@nestjs/common';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { type Client } from 'pg';
import { TransactionHost } from '../../src/database/transaction-host';
import { WebhookEventRecorder } from '../../src/webhooks/webhook-event-recorder';
import { bearer, createNewsroom, startWorker, waitFor, withStack } from '../support/stack';
import { connectDb, seedPendingClaims } from '../support/review-fixtures';
import { PRIVATE_NETWORKS_ALLOWED, registerEndpoint, WebhookReceiver } from '../support/webhook-receiver';
import { redisOptions } from '../../src/queue/redis-options';

const RECOVERY = { ...PRIVATE_NETWORKS_ALLOWED, RECOVERY_SWEEP_MS: '100', RECOVER_AFTER_MS: '300' };

describe('work recovery: jobs lost by the queue are queued again from Postgres', () => {
  const stack = withStack({ worker: false, env: RECOVERY });
  let db: Client;
  let worker: INestApplicationContext | null = null;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    db = await connectDb();
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    await worker?.close();
    worker = null;
  });
  afterAll(async () => {
    await receiver.close();
    await db.end();
  });

  it('finishes an article, a claim batch and a webhook delivery whose jobs never reached the queue, each once', async () => {
    const newsroom = await createNewsroom(stack, 'Recovery Desk');
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: receiver.url, events: ['article.completed'] });

    // Three kinds of work whose jobs are lost: the outbox rows go before any relay runs.
    const article = await stack.http
      .post('/v1/articles')
      .set(bearer(newsroom.apiKey))
      .send({ text: 'Unemployment fell to 3.9% in March, the Labor Department said.' })
      .expect(202);
    const claimIds = await seedPendingClaims(db, newsroom.id, [{ text: 'The city counted 12,000 new residents in 2023.' }], {
      batch: true,
    });
    const tx = stack.api.get(TransactionHost);
    await tx.run(() =>
      stack.api.get(WebhookEventRecorder).record([{ newsroomId: newsroom.id, type: 'article.completed', data: { articleId: 'lost-job' } }]),
    );
    const [{ deleted }] = (await db.query(`WITH gone AS (DELETE FROM outbox RETURNING 1) SELECT count(*)::int AS deleted FROM gone`)).rows;
    expect(deleted).toBe(3);

    worker = await startWorker(RECOVERY);
    await waitFor(async () => {
      const response = await stack.http.get(`/v1/articles/${article.body.id}`).set(bearer(newsroom.apiKey)).expect(200);
      return (
        response.body.claims.length > 0 &&
        response.body.claims.every((claim: { status: string }) => !['pending', 'verifying'].includes(claim.status))
      );
    }, 20000);
    await waitFor(
      async () => (await db.query(`SELECT status FROM claims WHERE id = $1`, [claimIds[0]])).rows[0].status === 'needs_review',
      20000,
    );
    await waitFor(async () => receiver.events().some((event) => (event.data as { articleId?: string }).articleId === 'lost-job'), 20000);

    // Sweeps go on; nothing is done twice.
    await new Promise((resolve) => setTimeout(resolve, 800));
    const [claims] = (
      await db.query(`SELECT count(*)::int AS n, count(DISTINCT seq)::int AS seqs FROM claims WHERE article_id = $1`, [article.body.id])
    ).rows;
    expect(claims.n).toBe(claims.seqs);
    const [tasks] = (await db.query(`SELECT count(*)::int AS n FROM review_tasks WHERE claim_id = $1`, [claimIds[0]])).rows;
    expect(tasks.n).toBe(1);
    const lostJobEvents = receiver.received.filter((request) => JSON.parse(request.body).data.articleId === 'lost-job');
    expect(lostJobEvents).toHaveLength(1);
    const [delivery] = (await db.query(`SELECT status FROM webhook_deliveries WHERE endpoint_id = $1`, [endpoint.id])).rows;
    expect(delivery.status).toBe('delivered');
  });

  it('revives work whose job failed but still holds its id, and pages past rows it must leave alone', async () => {
    const newsroom = await createNewsroom(stack, 'Revival Desk');
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) {
      const response = await stack.http
        .post('/v1/articles')
        .set(bearer(newsroom.apiKey))
        .send({ text: `Unemployment fell to ${n + 3}.9% in March, the Labor Department said.` })
        .expect(202);
      ids.push(response.body.id);
    }
    await db.query(`DELETE FROM outbox`);

    // The two oldest hold a job that is merely waiting (delayed an hour): recovery must leave them, and
    // with pages of 2 the old "oldest N" query would never have looked further. The next two jobs used
    // up their attempts (as during an outage before this fix) and keep their ids; the last one is lost.
    const connection = redisOptions(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const prefix = process.env.QUEUE_PREFIX!;
    const extraction = new Queue('extraction', { connection, prefix });
    const job = (articleId: string) => ({ name: 'extract-article', data: { articleId }, opts: { jobId: `article-${articleId}` } });
    await extraction.addBulk(ids.slice(0, 2).map((id) => ({ ...job(id), opts: { ...job(id).opts, delay: 3_600_000 } })));
    const failing = new Worker(
      'extraction',
      async () => {
        throw new UnrecoverableError('Postgres was down');
      },
      { connection, prefix },
    );
    await extraction.addBulk(ids.slice(2, 4).map(job));
    await waitFor(async () => (await extraction.getJobCounts('failed')).failed === 2, 10000);
    await failing.close();
    await new Promise((resolve) => setTimeout(resolve, 400)); // older than RECOVER_AFTER_MS

    worker = await startWorker({ ...RECOVERY, RECOVERY_BATCH_SIZE: '2' });
    const statuses = async () => {
      const { rows } = await db.query<{ id: string; status: string }>(`SELECT id, status FROM articles WHERE id = ANY($1::uuid[])`, [ids]);
      return new Map(rows.map((row) => [row.id, row.status]));
    };
    await waitFor(async () => {
      const now = await statuses();
      return ids.slice(2).every((id) => ['verifying', 'completed'].includes(now.get(id)!));
    }, 20000);
    const now = await statuses();
    expect(ids.slice(0, 2).map((id) => now.get(id))).toEqual(['received', 'received']);
    expect((await extraction.getJobCounts('failed')).failed).toBe(0);
    expect(await extraction.getJobState(`article-${ids[0]}`)).toBe('delayed');
    const { rows } = await db.query(
      `SELECT article_id, count(*)::int AS n, count(DISTINCT seq)::int AS seqs FROM claims WHERE article_id = ANY($1::uuid[]) GROUP BY 1`,
      [ids],
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.n).toBe(row.seqs);
    await extraction.close();
  });
});
