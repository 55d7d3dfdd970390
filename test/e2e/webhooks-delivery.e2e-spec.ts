import { Webhook } from 'standardwebhooks';
import { TransactionHost } from '../../src/database/transaction-host';
import { type RecordedEvent, WebhookEventRecorder } from '../../src/webhooks/webhook-event-recorder';
import { bearer, createNewsroom, waitFor, withStack } from '../support/stack';
import { deliveriesOf, PRIVATE_NETWORKS_ALLOWED, registerEndpoint, WebhookReceiver } from '../support/webhook-receiver';

// Test env: WEBHOOK_RETRY_DELAYS=50,100,200 (4 attempts per round).
describe('webhooks: signed delivery, retries, redeliver, recover, disabling', () => {
  const stack = withStack({ env: PRIVATE_NETWORKS_ALLOWED });
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterEach(() => receiver.close());

  async function record(events: RecordedEvent[]): Promise<void> {
    await stack.api.get(TransactionHost).run(() => stack.api.get(WebhookEventRecorder).record(events));
  }

  async function desk(events?: string[]) {
    const newsroom = await createNewsroom(stack, 'Delivery Desk');
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: receiver.url, events });
    return { newsroom, endpoint };
  }

  const completed = (newsroomId: string, articleId = 'a-1'): RecordedEvent => ({
    newsroomId,
    type: 'article.completed',
    data: { articleId },
  });

  it('signs every delivery per Standard Webhooks; a tampered body fails verification', async () => {
    const { newsroom, endpoint } = await desk();
    await record([completed(newsroom.id)]);
    const [request] = await waitFor(async () => receiver.received.length === 1 && receiver.received);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toMatch(/claimflow/);
    expect(request.headers['webhook-id']).toMatch(/^msg_/);
    expect(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(10);
    const payload = receiver.verify(endpoint.secret, request) as { type: string; timestamp: string; data: object };
    expect(payload).toEqual({ type: 'article.completed', timestamp: expect.any(String), data: { articleId: 'a-1' } });
    expect(() =>
      new Webhook(endpoint.secret).verify(request.body.replace('a-1', 'a-2'), request.headers as Record<string, string>),
    ).toThrow();

    const [delivery] = await waitFor(async () => {
      const rows = await deliveriesOf(stack, newsroom.apiKey, endpoint.id);
      return rows[0]?.status === 'delivered' && rows;
    });
    expect(delivery).toMatchObject({
      eventId: request.headers['webhook-id'],
      type: 'article.completed',
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
      deliveredAt: expect.any(String),
      createdAt: expect.any(String),
    });
  });

  it('only sends subscribed types, and shares one webhook-id across endpoints', async () => {
    const { newsroom } = await desk(['claim.verified']);
    const second = await WebhookReceiver.start();
    try {
      const other = await registerEndpoint(stack, newsroom.apiKey, { url: second.url });
      await record([
        completed(newsroom.id),
        { newsroomId: newsroom.id, type: 'claim.verified', data: { claimId: 'c-1', verdict: { rating: 'false' }, evidence: [] } },
      ]);
      await waitFor(async () => second.received.length === 2 && receiver.received.length === 1);
      expect(receiver.events().map((event) => event.type)).toEqual(['claim.verified']);
      const shared = second.events().find((event) => event.type === 'claim.verified')!;
      expect(receiver.received[0].headers['webhook-id']).toBe(shared.id);
      expect(receiver.received[0].body).toBe(second.received.find((request) => request.headers['webhook-id'] === shared.id)!.body);
      expect(other.events).toHaveLength(5);
    } finally {
      await second.close();
    }
  });

  it('retries failures on the schedule: third attempt succeeds with the same webhook-id and body', async () => {
    receiver.behaviour = (_request, index) => ({ status: index < 2 ? 500 : 204, body: index < 2 ? 'boom' : '' });
    const { newsroom, endpoint } = await desk();
    await record([completed(newsroom.id)]);
    const [delivery] = await waitFor(async () => {
      const rows = await deliveriesOf(stack, newsroom.apiKey, endpoint.id);
      return rows[0]?.status === 'delivered' && rows;
    });
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((request) => request.headers['webhook-id'])).size).toBe(1);
    expect(new Set(receiver.received.map((request) => request.body)).size).toBe(1);
    expect(receiver.received[1].at - receiver.received[0].at).toBeGreaterThanOrEqual(45);
    expect(receiver.received[2].at - receiver.received[1].at).toBeGreaterThanOrEqual(95);
    for (const request of receiver.received) expect(() => receiver.verify(endpoint.secret, request)).not.toThrow();
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 204, lastError: null });
    const fetched = await stack.http.get(`/v1/webhooks/${endpoint.id}`).set(bearer(newsroom.apiKey)).expect(200);
    expect(fetched.body.failingSince).toBeNull();
  });

  it('ends failed after the last delay, then redeliver and recover-since start new rounds', async () => {
    receiver.behaviour = () => ({ status: 500, body: 'down for maintenance' });
    const { newsroom, endpoint } = await desk();
    const before = new Date().toISOString();
    await record([completed(newsroom.id, 'first'), completed(newsroom.id, 'second')]);
    const failed = await waitFor(async () => {
      const rows = await deliveriesOf(stack, newsroom.apiKey, endpoint.id);
      return rows.length === 2 && rows.every((row) => row.status === 'failed') && rows;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(8);
    for (const row of failed) {
      expect(row).toMatchObject({ attempts: 4, lastStatusCode: 500, lastError: 'HTTP 500: down for maintenance', nextAttemptAt: null });
    }
    const fetched = await stack.http.get(`/v1/webhooks/${endpoint.id}`).set(bearer(newsroom.apiKey)).expect(200);
    expect(fetched.body.failingSince).not.toBeNull();
    expect(await deliveriesOf(stack, newsroom.apiKey, endpoint.id, '?status=failed')).toHaveLength(2);
    expect(await deliveriesOf(stack, newsroom.apiKey, endpoint.id, '?status=delivered')).toHaveLength(0);

    receiver.behaviour = () => ({ status: 200 });
    const target = failed[0];
    const firstBody = receiver.received.find((request) => request.headers['webhook-id'] === target.eventId)!.body;
    const redelivered = await stack.http
      .post(`/v1/webhooks/${endpoint.id}/deliveries/${target.id}/redeliver`)
      .set(bearer(newsroom.apiKey))
      .expect(202);
    expect(redelivered.body).toMatchObject({ id: target.id, eventId: target.eventId, status: 'pending', attempts: 4 });
    await waitFor(async () => (await deliveriesOf(stack, newsroom.apiKey, endpoint.id, '?status=delivered')).length === 1);
    const resent = receiver.received.slice(8);
    expect(resent).toHaveLength(1);
    expect(resent[0].headers['webhook-id']).toBe(target.eventId);
    expect(resent[0].body).toBe(firstBody);
    expect(() => receiver.verify(endpoint.secret, resent[0])).not.toThrow();
    const [delivered] = await deliveriesOf(stack, newsroom.apiKey, endpoint.id, '?status=delivered');
    expect(delivered).toMatchObject({ id: target.id, attempts: 5, lastStatusCode: 200 });

    const recovered = await stack.http
      .post(`/v1/webhooks/${endpoint.id}/recover`)
      .set(bearer(newsroom.apiKey))
      .send({ since: before })
      .expect(202);
    expect(recovered.body).toEqual({ count: 1 });
    await waitFor(async () => (await deliveriesOf(stack, newsroom.apiKey, endpoint.id, '?status=delivered')).length === 2);
    expect(receiver.received).toHaveLength(10);
    const late = await stack.http
      .post(`/v1/webhooks/${endpoint.id}/recover`)
      .set(bearer(newsroom.apiKey))
      .send({ since: new Date(Date.now() + 60_000).toISOString() })
      .expect(202);
    expect(late.body).toEqual({ count: 0 });
  });

  it('does not follow redirects: 3xx is a failure', async () => {
    const target = await WebhookReceiver.start();
    try {
      receiver.behaviour = () => ({ status: 307, headers: { location: target.url } });
      const { newsroom, endpoint } = await desk();
      await record([completed(newsroom.id)]);
      const [row] = await waitFor(async () => {
        const rows = await deliveriesOf(stack, newsroom.apiKey, endpoint.id);
        return rows[0]?.status === 'failed' && rows;
      });
      expect(row).toMatchObject({ attempts: 4, lastStatusCode: 307, lastError: expect.stringContaining('not followed') });
      expect(target.received).toHaveLength(0);
    } finally {
      await target.close();
    }
  });

  it('410 Gone disables the endpoint at once and stops its other deliveries; enable re-enables it', async () => {
    receiver.behaviour = () => ({ status: 410 });
    const { newsroom, endpoint } = await desk();
    await record([completed(newsroom.id)]);
    const disabled = await waitFor(async () => {
      const response = await stack.http.get(`/v1/webhooks/${endpoint.id}`).set(bearer(newsroom.apiKey)).expect(200);
      return response.body.disabledAt && response.body;
    });
    expect(disabled.disabledReason).toMatch(/410 Gone/);
    const [row] = await waitFor(async () => {
      const rows = await deliveriesOf(stack, newsroom.apiKey, endpoint.id);
      return rows[0]?.status === 'failed' && rows;
    });
    expect(row).toMatchObject({ attempts: 1, lastStatusCode: 410 });

    // A disabled endpoint receives nothing new and refuses redelivery until enabled.
    await record([completed(newsroom.id, 'while-disabled')]);
    expect(await deliveriesOf(stack, newsroom.apiKey, endpoint.id)).toHaveLength(1);
    await stack.http.post(`/v1/webhooks/${endpoint.id}/deliveries/${row.id}/redeliver`).set(bearer(newsroom.apiKey)).expect(409);

    receiver.behaviour = () => ({ status: 200 });
    const enabled = await stack.http.post(`/v1/webhooks/${endpoint.id}/enable`).set(bearer(newsroom.apiKey)).expect(200);
    expect(enabled.body).toMatchObject({ disabledAt: null, disabledReason: null, failingSince: null });
    await stack.http.post(`/v1/webhooks/${endpoint.id}/deliveries/${row.id}/redeliver`).set(bearer(newsroom.apiKey)).expect(202);
    await waitFor(async () => (await deliveriesOf(stack, newsroom.apiKey, endpoint.id))[0]?.status === 'delivered');
  });

  it('honours Retry-After on 429: the next attempt comes no sooner', async () => {
    receiver.behaviour = (_request, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 });
    const { newsroom, endpoint } = await desk();
    await record([completed(newsroom.id)]);
    const pending = await waitFor(async () => {
      const rows = await deliveriesOf(stack, newsroom.apiKey, endpoint.id);
      return rows[0]?.lastStatusCode === 429 && rows[0];
    });
    expect(pending.status).toBe('pending');
    expect(Date.parse(pending.nextAttemptAt) - receiver.received[0].at).toBeGreaterThanOrEqual(900);
    await waitFor(async () => receiver.received.length === 2);
    expect(receiver.received[1].at - receiver.received[0].at).toBeGreaterThanOrEqual(1000);
  });

  it('signs with both secrets during a rotation window, and only the new one after it', async () => {
    const { newsroom, endpoint } = await desk();
    const rotated = await stack.http.post(`/v1/webhooks/${endpoint.id}/rotate-secret`).set(bearer(newsroom.apiKey)).send({}).expect(200);
    await record([completed(newsroom.id)]);
    const [request] = await waitFor(async () => receiver.received.length === 1 && receiver.received);
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() => receiver.verify(endpoint.secret, request)).not.toThrow();
    expect(() => receiver.verify(rotated.body.secret, request)).not.toThrow();

    const again = await stack.http
      .post(`/v1/webhooks/${endpoint.id}/rotate-secret`)
      .set(bearer(newsroom.apiKey))
      .send({ expiresInSeconds: 0 })
      .expect(200);
    await record([completed(newsroom.id, 'after')]);
    const [, later] = await waitFor(async () => receiver.received.length === 2 && receiver.received);
    expect(String(later.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => receiver.verify(again.body.secret, later)).not.toThrow();
    expect(() => receiver.verify(rotated.body.secret, later)).toThrow();
  });

  it('delete stops pending deliveries', async () => {
    receiver.behaviour = () => ({ status: 503, headers: { 'retry-after': '30' } });
    const { newsroom, endpoint } = await desk();
    await record([completed(newsroom.id)]);
    await waitFor(async () => receiver.received.length === 1);
    await stack.http.delete(`/v1/webhooks/${endpoint.id}`).set(bearer(newsroom.apiKey)).expect(204);
    const rows = await stack.api
      .get(TransactionHost)
      .query<{ status: string; last_error: string }>(`SELECT status, last_error FROM webhook_deliveries WHERE endpoint_id = $1`, [
        endpoint.id,
      ]);
    expect(rows).toEqual([{ status: 'failed', last_error: expect.stringContaining('endpoint deleted') }]);
  });

  it('records nothing for a newsroom without subscribed endpoints', async () => {
    const newsroom = await createNewsroom(stack, 'Quiet Desk');
    const tx = stack.api.get(TransactionHost);
    const count = async () =>
      (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_events WHERE newsroom_id = $1`, [newsroom.id]))[0].n;
    await record([completed(newsroom.id)]);
    expect(await count()).toBe(0);
    await registerEndpoint(stack, newsroom.apiKey, { url: receiver.url, events: ['article.failed'] });
    await record([completed(newsroom.id)]);
    expect(await count()).toBe(0);
  });

  it('rolls the event back with the change it reports', async () => {
    const { newsroom, endpoint } = await desk();
    await expect(
      stack.api.get(TransactionHost).run(async () => {
        await stack.api.get(WebhookEventRecorder).record([completed(newsroom.id)]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await deliveriesOf(stack, newsroom.apiKey, endpoint.id)).toHaveLength(0);
    expect(receiver.received).toHaveLength(0);
  });
});
