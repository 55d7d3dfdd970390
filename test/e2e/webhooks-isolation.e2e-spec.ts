import { TransactionHost } from '../../src/database/transaction-host';
import { type RecordedEvent, WebhookEventRecorder } from '../../src/webhooks/webhook-event-recorder';
import { bearer, createNewsroom, type Stack, startStack, waitFor, withStack } from '../support/stack';
import { deliveriesOf, PRIVATE_NETWORKS_ALLOWED, registerEndpoint, WebhookReceiver } from '../support/webhook-receiver';

async function record(stack: Stack, events: RecordedEvent[]): Promise<void> {
  await stack.api.get(TransactionHost).run(() => stack.api.get(WebhookEventRecorder).record(events));
}

const completed = (newsroomId: string, articleId: string): RecordedEvent => ({
  newsroomId,
  type: 'article.completed',
  data: { articleId },
});

// Bounds are fractions of the dead endpoint's timeout, not absolute times: on a loaded machine a prompt
// delivery may take a second or two, but one that waited on a stuck slot takes at least the timeout.
const DEAD_TIMEOUT_MS = 10_000;

describe('webhooks: a dead endpoint does not slow a healthy one', () => {
  let stack: Stack;
  let dead: WebhookReceiver;
  let healthy: WebhookReceiver;

  beforeAll(async () => {
    // 8 delivery slots; a dead endpoint may hold at most 2 of them, each for up to DEAD_TIMEOUT_MS.
    stack = await startStack({
      env: {
        ...PRIVATE_NETWORKS_ALLOWED,
        WEBHOOK_TIMEOUT_MS: String(DEAD_TIMEOUT_MS),
        WEBHOOK_CONCURRENCY: '8',
        WEBHOOK_ENDPOINT_CONCURRENCY: '2',
      },
    });
    dead = await WebhookReceiver.start(() => ({ hang: true }));
    healthy = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await stack.close();
    await dead.close();
    await healthy.close();
  });

  it('delivers the healthy newsroom promptly while the dead one times out', async () => {
    const deadDesk = await createNewsroom(stack, 'Dead Desk');
    const deadEndpoint = await registerEndpoint(stack, deadDesk.apiKey, { url: dead.url });
    const liveDesk = await createNewsroom(stack, 'Live Desk');
    await registerEndpoint(stack, liveDesk.apiKey, { url: healthy.url });

    await record(
      stack,
      Array.from({ length: 60 }, (_, index) => completed(deadDesk.id, `dead-${index}`)),
    );
    await waitFor(async () => dead.received.length >= 2);

    const latencies: number[] = [];
    for (let index = 0; index < 10; index += 1) {
      const sentAt = Date.now();
      await record(stack, [completed(liveDesk.id, `live-${index}`)]);
      await waitFor(async () => healthy.received.length === index + 1, DEAD_TIMEOUT_MS, 5);
      latencies.push(healthy.received[index].at - sentAt);
    }
    // Without the per-endpoint cap all 8 slots would be stuck on the dead endpoint for the whole timeout.
    expect(Math.max(...latencies)).toBeLessThan(DEAD_TIMEOUT_MS / 2);
    // The dead endpoint never held more than its cap of attempts at once.
    const inFlight = dead.received.filter((request) => request.at <= dead.received[0].at + DEAD_TIMEOUT_MS * 0.9);
    expect(inFlight.length).toBeLessThanOrEqual(2);

    const rows = await waitFor(async () => {
      const items = await deliveriesOf(stack, deadDesk.apiKey, deadEndpoint.id, '?limit=200');
      return items.some((item) => item.lastError?.includes('timed out')) && items;
    }, DEAD_TIMEOUT_MS * 3);
    expect(rows.find((item) => item.lastError?.includes('timed out'))).toMatchObject({ status: 'pending', lastStatusCode: null });
    await stack.http.delete(`/v1/webhooks/${deadEndpoint.id}`).set(bearer(deadDesk.apiKey)).expect(204);
  });
});

describe('webhooks: an endpoint failing for longer than WEBHOOK_DISABLE_AFTER_MS is disabled', () => {
  const stack = withStack({ env: { ...PRIVATE_NETWORKS_ALLOWED, WEBHOOK_DISABLE_AFTER_MS: '120' } });
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start(() => ({ status: 500 }));
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('disables it with a reason the newsroom can read, and enable brings it back', async () => {
    const newsroom = await createNewsroom(stack, 'Failing Desk');
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: receiver.url });
    await record(stack, [completed(newsroom.id, 'a')]);
    const disabled = await waitFor(async () => {
      const response = await stack.http.get(`/v1/webhooks/${endpoint.id}`).set(bearer(newsroom.apiKey)).expect(200);
      return response.body.disabledAt && response.body;
    });
    expect(disabled.disabledReason).toMatch(/every attempt has failed since/);
    const [row] = await deliveriesOf(stack, newsroom.apiKey, endpoint.id);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBeLessThan(4);

    receiver.behaviour = () => ({ status: 200 });
    await stack.http.post(`/v1/webhooks/${endpoint.id}/enable`).set(bearer(newsroom.apiKey)).expect(200);
    await record(stack, [completed(newsroom.id, 'b')]);
    await waitFor(async () => (await deliveriesOf(stack, newsroom.apiKey, endpoint.id, '?status=delivered')).length === 1);
  });
});

describe('webhooks: connect-time SSRF refusal (private networks not allowed)', () => {
  const stack = withStack({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' } });
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('refuses to send to an endpoint whose address became private after registration', async () => {
    const newsroom = await createNewsroom(stack, 'Rebinding Desk');
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: 'http://93.184.216.34/hook' });
    // What DNS rebinding achieves: the endpoint now points at a loopback receiver.
    await stack.api.get(TransactionHost).query(`UPDATE webhook_endpoints SET url = $2 WHERE id = $1`, [endpoint.id, receiver.url]);
    await record(stack, [completed(newsroom.id, 'x')]);
    const [row] = await waitFor(async () => {
      const rows = await deliveriesOf(stack, newsroom.apiKey, endpoint.id);
      return rows[0]?.lastError && rows;
    });
    expect(row.lastError).toMatch(/refused to connect: 127\.0\.0\.1 is a loopback address/);
    expect(receiver.received).toHaveLength(0);
    await stack.http.delete(`/v1/webhooks/${endpoint.id}`).set(bearer(newsroom.apiKey)).expect(204);
  });
});
