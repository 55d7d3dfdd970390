import { type INestApplicationContext } from '@nestjs/common';
import { parseKeyRing } from '../../src/config/secret-key-ring';
import { DEVELOPMENT_WEBHOOK_SECRET_KEYS } from '../../src/config/config';
import { TransactionHost } from '../../src/database/transaction-host';
import { QueueDirectory } from '../../src/queue/queue-directory';
import { QUEUE } from '../../src/queue/queue.registry';
import { WebhookDeliveryService } from '../../src/webhooks/webhook-delivery.service';
import { type RecordedEvent, WebhookEventRecorder } from '../../src/webhooks/webhook-event-recorder';
import { WebhookSecretJanitor } from '../../src/webhooks/webhook-secret-janitor.service';
import { openEndpointSecret, resealEndpointSecrets, sealEndpointSecret } from '../../src/webhooks/webhook-secrets';
import { generateSecret } from '../../src/webhooks/webhook-signature';
import { uuidv7 } from '../../src/webhooks/webhook-ids';
import { bearer, createNewsroom, startWorker, waitFor, withStack } from '../support/stack';
import { deliveriesOf, PRIVATE_NETWORKS_ALLOWED, registerEndpoint, WebhookReceiver } from '../support/webhook-receiver';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ROTATED_KEYS = `k2:${Buffer.alloc(32, 7).toString('base64')},${DEVELOPMENT_WEBHOOK_SECRET_KEYS}`;

describe('webhooks: one POST per attempt, even with several jobs for the same round', () => {
  const stack = withStack({ env: PRIVATE_NETWORKS_ALLOWED });
  let second: INestApplicationContext;
  let receiver: WebhookReceiver;

  // The api and its worker, plus a second worker with a queue prefix of its own, so the per-endpoint
  // cap (Redis) does not keep the two apart either, as when Redis fails over or a slot lease lapses:
  // only the claim in Postgres stands between two jobs for the same round.
  beforeAll(async () => {
    second = await startWorker({ ...PRIVATE_NETWORKS_ALLOWED, QUEUE_PREFIX: `${process.env.QUEUE_PREFIX!.slice(0, -1)}_b}` });
  });
  afterAll(() => second.close());
  beforeEach(async () => {
    // Slow answers keep each attempt in flight while the other jobs run.
    receiver = await WebhookReceiver.start(() => ({ status: 200, delayMs: 400 }));
  });
  afterEach(() => receiver.close());

  const record = (events: RecordedEvent[]) => stack.api.get(TransactionHost).run(() => stack.api.get(WebhookEventRecorder).record(events));

  it('duplicate batch and single jobs on two workers: the receiver sees one POST, one attempt counted', async () => {
    const newsroom = await createNewsroom(stack, 'Claim Desk');
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: receiver.url });
    await record([{ newsroomId: newsroom.id, type: 'article.completed', data: { articleId: 'once' } }]);
    const [row] = await stack.api
      .get(TransactionHost)
      .query<{ id: string }>(`SELECT id FROM webhook_deliveries WHERE endpoint_id = $1`, [endpoint.id]);
    // What a stalled job's re-run or a recovery re-queue amounts to: more jobs for the same round, on
    // both workers, while the first attempt's POST is in flight (the receiver answers after 400 ms).
    await waitFor(async () => receiver.received.length === 1, 10000, 5);
    const batch = { endpointId: endpoint.id, deliveryIds: [row.id], rounds: [1] };
    const queues = [stack.worker!, second].map((worker) => worker.get(QueueDirectory).get(QUEUE.webhooks));
    for (const [index, queue] of queues.entries()) {
      await queue.addBulk([
        { name: 'deliver-webhooks', data: batch, opts: { jobId: `dup-batch-${index}-${row.id}` } },
        { name: 'deliver-webhook', data: { deliveryId: row.id, round: 1 }, opts: { jobId: `dup-single-${index}-${row.id}` } },
      ]);
    }
    await waitFor(async () => (await deliveriesOf(stack, newsroom.apiKey, endpoint.id))[0]?.status === 'delivered');
    // Every duplicate job has finished (they wait for the claim to lapse or be recorded, then find it delivered).
    for (const queue of queues) {
      await waitFor(async () => {
        const counts = await queue.getJobCounts('active', 'delayed', 'waiting');
        return counts.active + counts.delayed + counts.waiting === 0;
      }, 20000);
    }
    await sleep(300);
    expect(receiver.received).toHaveLength(1);
    const [delivery] = await deliveriesOf(stack, newsroom.apiKey, endpoint.id);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200 });
  });

  it('two delivery services attempting the same round at once: one claims it, the other waits', async () => {
    const newsroom = await createNewsroom(stack, 'Race Desk');
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: receiver.url });
    const tx = stack.api.get(TransactionHost);
    // A delivery row with no job at all, so only the two calls below can attempt it.
    const eventId = `msg_race_${uuidv7()}`;
    const deliveryId = uuidv7();
    await tx.query(`INSERT INTO webhook_events (id, newsroom_id, type, body) VALUES ($1, $2, 'article.completed', '{"type":"x"}')`, [
      eventId,
      newsroom.id,
    ]);
    await tx.query(
      `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, status, next_attempt_at) VALUES ($1, $2, $3, 'pending', now())`,
      [deliveryId, eventId, endpoint.id],
    );
    // The second starts while the first one's POST is in flight (its claim committed).
    const results = await Promise.all([
      stack.worker!.get(WebhookDeliveryService).attempt(deliveryId, 1),
      sleep(150).then(() => second.get(WebhookDeliveryService).attempt(deliveryId, 1)),
    ]);
    expect(results.map((result) => result.kind).sort()).toEqual(['delivered', 'postpone']);
    expect(receiver.received).toHaveLength(1);
    const [row] = await tx.query<{ attempts: number; status: string; claim_token: string | null }>(
      `SELECT attempts, status, claim_token FROM webhook_deliveries WHERE id = $1`,
      [deliveryId],
    );
    expect(row).toEqual({ attempts: 1, status: 'delivered', claim_token: null });
    // Run again now, it finds the round settled and sends nothing.
    expect(await second.get(WebhookDeliveryService).attempt(deliveryId, 1)).toEqual({ kind: 'skipped' });
    expect(receiver.received).toHaveLength(1);
  });
});

describe('webhooks: secrets sealed at rest under WEBHOOK_SECRET_KEYS', () => {
  const stack = withStack({ env: PRIVATE_NETWORKS_ALLOWED });
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterEach(() => receiver.close());

  const stored = async (id: string) =>
    (
      await stack.api
        .get(TransactionHost)
        .query<{ secret: string; previous_secret: string | null }>(`SELECT secret, previous_secret FROM webhook_endpoints WHERE id = $1`, [
          id,
        ])
    )[0];

  it('stores only sealed secrets; deliveries still verify with the secret shown once', async () => {
    const newsroom = await createNewsroom(stack, 'Sealed Desk');
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: receiver.url });
    const row = await stored(endpoint.id);
    expect(row.secret).toMatch(/^enc:v1:dev:/);
    expect(row.secret).not.toContain(endpoint.secret.slice(6));
    await stack.api
      .get(TransactionHost)
      .run(() =>
        stack.api.get(WebhookEventRecorder).record([{ newsroomId: newsroom.id, type: 'article.completed', data: { articleId: 'a' } }]),
      );
    const [request] = await waitFor(async () => receiver.received.length === 1 && receiver.received);
    expect(() => receiver.verify(endpoint.secret, request)).not.toThrow();
  });

  it('clears a previous secret once its rotation window ends', async () => {
    const newsroom = await createNewsroom(stack, 'Rotating Desk');
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: receiver.url });
    await stack.http
      .post(`/v1/webhooks/${endpoint.id}/rotate-secret`)
      .set(bearer(newsroom.apiKey))
      .send({ expiresInSeconds: 3600 })
      .expect(200);
    expect((await stored(endpoint.id)).previous_secret).toMatch(/^enc:v1:/);
    const janitor = stack.worker!.get(WebhookSecretJanitor);
    await janitor.sweep();
    expect((await stored(endpoint.id)).previous_secret).not.toBeNull();
    // The window ends (what waiting for it would do; a 1 s window could end before the first sweep on a loaded box).
    await stack.api
      .get(TransactionHost)
      .query(`UPDATE webhook_endpoints SET previous_secret_expires_at = now() - interval '1 millisecond' WHERE id = $1`, [endpoint.id]);
    expect((await janitor.sweep()).cleared).toBeGreaterThanOrEqual(1);
    const after = await stack.api
      .get(TransactionHost)
      .query<{ previous_secret: string | null; previous_secret_expires_at: Date | null }>(
        `SELECT previous_secret, previous_secret_expires_at FROM webhook_endpoints WHERE id = $1`,
        [endpoint.id],
      );
    expect(after).toEqual([{ previous_secret: null, previous_secret_expires_at: null }]);
  });

  it('seals plain secrets in batches (the migration), and re-seals under a new primary key (rotation)', async () => {
    const newsroom = await createNewsroom(stack, 'Legacy Desk');
    const tx = stack.api.get(TransactionHost);
    const plain = Array.from({ length: 5 }, () => ({ id: uuidv7(), secret: generateSecret() }));
    for (const { id, secret } of plain) {
      await tx.query(
        `INSERT INTO webhook_endpoints (id, newsroom_id, url, events, secret, previous_secret, previous_secret_expires_at)
         VALUES ($1, $2, $3, '{article.completed}', $4, $4, now() + interval '1 hour')`,
        [id, newsroom.id, receiver.url, secret],
      );
    }
    const devRing = parseKeyRing(DEVELOPMENT_WEBHOOK_SECRET_KEYS);
    expect(await resealEndpointSecrets((sql, params) => tx.query(sql, params), devRing, 2)).toBeGreaterThanOrEqual(5);
    for (const { id, secret } of plain) {
      const row = await stored(id);
      expect(row.secret).toMatch(/^enc:v1:dev:/);
      expect(openEndpointSecret(devRing, id, row.secret)).toBe(secret);
      expect(openEndpointSecret(devRing, id, row.previous_secret!)).toBe(secret);
    }

    // Key rotation: a worker whose ring has k2 first re-seals everything under k2 and still signs.
    const rotated = await startWorker({ ...PRIVATE_NETWORKS_ALLOWED, WEBHOOK_SECRET_KEYS: ROTATED_KEYS });
    try {
      // (its sweep also runs when it starts)
      await rotated.get(WebhookSecretJanitor).sweep();
      const ring = parseKeyRing(ROTATED_KEYS);
      for (const { id, secret } of plain) {
        const row = await stored(id);
        expect(row.secret).toMatch(/^enc:v1:k2:/);
        expect(openEndpointSecret(ring, id, row.secret)).toBe(secret);
      }
      expect((await rotated.get(WebhookSecretJanitor).sweep()).resealed).toBe(0);
    } finally {
      await rotated.close();
    }
  });

  it('a secret the key ring cannot open is recorded on the delivery, nothing is sent', async () => {
    const newsroom = await createNewsroom(stack, 'Lost Key Desk');
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: receiver.url });
    const tx = stack.api.get(TransactionHost);
    const foreign = parseKeyRing(`gone:${Buffer.alloc(32, 9).toString('base64')}`);
    await tx.query(`UPDATE webhook_endpoints SET secret = $2 WHERE id = $1`, [
      endpoint.id,
      sealEndpointSecret(foreign, endpoint.id, generateSecret()),
    ]);
    await tx.run(() =>
      stack.api.get(WebhookEventRecorder).record([{ newsroomId: newsroom.id, type: 'article.completed', data: { articleId: 'k' } }]),
    );
    const [delivery] = await waitFor(async () => {
      const rows = await deliveriesOf(stack, newsroom.apiKey, endpoint.id);
      return rows[0]?.lastError && rows;
    });
    expect(delivery.lastError).toMatch(/^not sent: sealed with key "gone", which the key ring does not have/);
    expect(receiver.received).toHaveLength(0);
    await stack.http.delete(`/v1/webhooks/${endpoint.id}`).set(bearer(newsroom.apiKey)).expect(204);
  });
});

describe('webhooks: registration does not reveal what a host resolves to', () => {
  const stack = withStack({ worker: false, env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' } });

  it('says the host is not allowed, never its address', async () => {
    const newsroom = await createNewsroom(stack, 'Probe Desk');
    const response = await stack.http.post('/v1/webhooks').set(bearer(newsroom.apiKey)).send({ url: 'http://localhost:8080/hook' });
    expect(response.status).toBe(400);
    const message = JSON.stringify(response.body.message);
    expect(message).toContain('localhost is not allowed');
    expect(message).not.toMatch(/127\.0\.0\.1|::1|loopback/);
  });
});
