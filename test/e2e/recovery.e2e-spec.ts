import { type INestApplicationContext } from '@nestjs/common';
import { type Client } from 'pg';
import { TransactionHost } from '../../src/database/transaction-host';
import { WebhookEventRecorder } from '../../src/webhooks/webhook-event-recorder';
import { bearer, createNewsroom, startStack, startWorker, type Stack, waitFor } from '../support/stack';
import { connectDb, seedPendingClaims } from '../support/review-fixtures';
import { PRIVATE_NETWORKS_ALLOWED, registerEndpoint, WebhookReceiver } from '../support/webhook-receiver';

const RECOVERY = { ...PRIVATE_NETWORKS_ALLOWED, RECOVERY_SWEEP_MS: '100', RECOVER_AFTER_MS: '300' };

describe('work recovery: jobs lost by the queue are queued again from Postgres', () => {
  let stack: Stack;
  let db: Client;
  let worker: INestApplicationContext | null = null;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    stack = await startStack({ worker: false, env: RECOVERY });
    db = await connectDb();
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await worker?.close();
    await receiver.close();
    await db.end();
    await stack.close();
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
});
