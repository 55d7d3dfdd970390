import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type INestApplicationContext } from '@nestjs/common';
import { TransactionHost } from '../../src/database/transaction-host';
import { QueueWorkers } from '../../src/queue/queue-workers.service';
import { QUEUE } from '../../src/queue/queue.registry';
import { WebhookEventRecorder } from '../../src/webhooks/webhook-event-recorder';
import { bearer, createNewsroom, startWorker, waitFor, withStack } from '../support/stack';
import { PRIVATE_NETWORKS_ALLOWED, registerEndpoint, WebhookReceiver } from '../support/webhook-receiver';

const SAMPLE = readFileSync(join(__dirname, '../../samples/article-iraq-trafficking.txt'), 'utf8');

interface ClaimEvent {
  from: string | null;
  to: string;
  version: number;
}

describe('webhooks from the pipeline: ordering data and crash safety', () => {
  const stack = withStack({ worker: false, env: PRIVATE_NETWORKS_ALLOWED });
  let worker: INestApplicationContext | null = null;

  afterAll(async () => {
    await worker?.close();
  });

  async function settledArticle(apiKey: string, id: string) {
    return waitFor(async () => {
      const response = await stack.http.get(`/v1/articles/${id}`).set(bearer(apiKey)).expect(200);
      const settled =
        response.body.claims.length > 0 &&
        response.body.claims.every((claim: { status: string }) => !['pending', 'verifying'].includes(claim.status));
      return settled && response.body;
    }, 30000);
  }

  it('sends every claim.status_changed with per-claim versions matching the claim history', async () => {
    worker = await startWorker(PRIVATE_NETWORKS_ALLOWED);
    const receiver = await WebhookReceiver.start();
    try {
      const newsroom = await createNewsroom(stack, 'Ordering Desk');
      const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: receiver.url });
      const submitted = await stack.http
        .post('/v1/articles')
        .set(bearer(newsroom.apiKey))
        .send({ title: 'Iraq', text: SAMPLE })
        .expect(202);
      const article = await settledArticle(newsroom.apiKey, submitted.body.id);

      const histories = new Map<string, ClaimEvent[]>();
      for (const claim of article.claims) {
        const detail = await stack.http.get(`/v1/claims/${claim.id}`).set(bearer(newsroom.apiKey)).expect(200);
        histories.set(claim.id, detail.body.events);
      }
      const expected = [...histories.values()].reduce((sum, events) => sum + events.length, 0);
      // Deliveries run concurrently (and one may be postponed by the per-endpoint cap): wait for all of them.
      await waitFor(async () => {
        const received = receiver.events();
        return (
          received.filter((event) => event.type === 'claim.status_changed').length >= expected &&
          received.some((event) => event.type === 'article.claims_extracted')
        );
      });
      await new Promise((resolve) => setTimeout(resolve, 200)); // time for any duplicate to show up

      const events = receiver.events();
      for (const request of receiver.received) expect(() => receiver.verify(endpoint.secret, request)).not.toThrow();
      const statusEvents = events.filter((event) => event.type === 'claim.status_changed');
      expect(statusEvents).toHaveLength(expected);
      expect(new Set(events.map((event) => event.id)).size).toBe(events.length);

      const byClaim = new Map<string, ClaimEvent[]>();
      for (const event of statusEvents) {
        const data = event.data as unknown as { claimId: string; articleId: string } & ClaimEvent;
        expect(data.articleId).toBe(article.id);
        byClaim.set(data.claimId, [...(byClaim.get(data.claimId) ?? []), { from: data.from, to: data.to, version: data.version }]);
      }
      expect([...byClaim.keys()].sort()).toEqual([...histories.keys()].sort());
      for (const [claimId, received] of byClaim) {
        const ordered = [...received].sort((a, b) => a.version - b.version);
        expect(ordered.map((event) => event.version)).toEqual(ordered.map((_, index) => index + 1));
        // Each version's transition matches the history, so a receiver can order by version.
        expect(ordered).toEqual(histories.get(claimId)!.map(({ from, to, version }) => ({ from, to, version })));
        for (let index = 1; index < ordered.length; index += 1) expect(ordered[index].from).toBe(ordered[index - 1].to);
      }
      const extracted = events.filter((event) => event.type === 'article.claims_extracted');
      expect(extracted).toHaveLength(1);
      expect(extracted[0].data).toMatchObject({ articleId: article.id, claimCount: article.claims.length });
    } finally {
      await receiver.close();
      await worker?.close();
      worker = null;
    }
  });

  it('loses nothing when the worker stops between the change and the send: each event arrives exactly once', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      const newsroom = await createNewsroom(stack, 'Crash Desk');
      const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: receiver.url });

      // Worker 1 processes the article but its webhook processor never sends.
      worker = await startWorker(PRIVATE_NETWORKS_ALLOWED);
      await worker.get(QueueWorkers, { strict: false }).of(QUEUE.webhooks).pause(true);
      const submitted = await stack.http.post('/v1/articles').set(bearer(newsroom.apiKey)).send({ text: SAMPLE }).expect(202);
      await settledArticle(newsroom.apiKey, submitted.body.id);
      await worker.close();
      worker = null;
      expect(receiver.received).toHaveLength(0);

      // A change committed while no worker runs at all.
      const tx = stack.api.get(TransactionHost);
      await tx.run(() =>
        stack.api
          .get(WebhookEventRecorder)
          .record([{ newsroomId: newsroom.id, type: 'article.completed', data: { articleId: submitted.body.id } }]),
      );

      const recorded = await tx.query<{ id: string }>(`SELECT id FROM webhook_events WHERE newsroom_id = $1`, [newsroom.id]);
      expect(recorded.length).toBeGreaterThan(10);

      worker = await startWorker(PRIVATE_NETWORKS_ALLOWED);
      await waitFor(async () => {
        const [row] = await tx.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1 AND status <> 'delivered'`,
          [endpoint.id],
        );
        return row.n === 0;
      }, 30000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const ids = receiver.received.map((request) => String(request.headers['webhook-id']));
      expect(ids.sort()).toEqual(recorded.map((row) => row.id).sort());
    } finally {
      await receiver.close();
    }
  });
  it('a worker that cached "no endpoints" for a newsroom records events for an endpoint added later, and none after it is deleted', async () => {
    await worker?.close(); // the previous test leaves its second worker running
    worker = await startWorker(PRIVATE_NETWORKS_ALLOWED);
    const receiver = await WebhookReceiver.start();
    const tx = stack.api.get(TransactionHost);
    const eventsAbout = async (articleId: string) =>
      (
        await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_events WHERE body::jsonb -> 'data' ->> 'articleId' = $1`, [
          articleId,
        ])
      )[0].n;
    const submit = async (newsroomKey: string) => {
      const submitted = await stack.http.post('/v1/articles').set(bearer(newsroomKey)).send({ text: SAMPLE }).expect(202);
      await settledArticle(newsroomKey, submitted.body.id);
      return submitted.body.id as string;
    };
    try {
      const newsroom = await createNewsroom(stack, 'Cache Desk');
      const before = await submit(newsroom.apiKey); // the worker now knows this newsroom has no endpoint
      expect(await eventsAbout(before)).toBe(0);

      const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: receiver.url });
      const during = await submit(newsroom.apiKey);
      expect(await eventsAbout(during)).toBeGreaterThan(0);

      await stack.http.delete(`/v1/webhooks/${endpoint.id}`).set(bearer(newsroom.apiKey)).expect(204);
      const after = await submit(newsroom.apiKey);
      expect(await eventsAbout(after)).toBe(0);
    } finally {
      await receiver.close();
    }
  });
});
