import type { INestApplicationContext } from '@nestjs/common';
import { TransactionHost } from '../../src/database/transaction-host';
import { WebhookEventRecorder } from '../../src/webhooks/webhook-event-recorder';
import { createNewsroom, startWorker, waitFor, withStack } from '../support/stack';
import { deliveriesOf, PRIVATE_NETWORKS_ALLOWED, registerEndpoint, WebhookReceiver } from '../support/webhook-receiver';

describe('webhooks: a worker shutting down while a POST is in flight', () => {
  const stack = withStack({ env: PRIVATE_NETWORKS_ALLOWED, worker: false });
  let receiver: WebhookReceiver;
  const workers: INestApplicationContext[] = [];

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.close()));
    await receiver.close();
  });

  it('records the answer the receiver gave before closing, so the next worker does not send it again', async () => {
    const newsroom = await createNewsroom(stack, 'Shutdown Desk');
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: receiver.url, events: ['article.completed'] });
    // The receiver answers a second after the request came: the worker is told to stop meanwhile.
    receiver.behaviour = () => ({ status: 204, delayMs: 1000 });
    const first = await startWorker(PRIVATE_NETWORKS_ALLOWED);
    workers.push(first);
    await stack.api
      .get(TransactionHost)
      .run(() =>
        stack.api.get(WebhookEventRecorder).record([{ newsroomId: newsroom.id, type: 'article.completed', data: { articleId: 'a-1' } }]),
      );
    await waitFor(async () => receiver.received.length === 1);
    await first.close();
    workers.splice(0);

    // A worker that comes up afterwards (a deploy) finds nothing left to send.
    workers.push(await startWorker(PRIVATE_NETWORKS_ALLOWED));
    const [delivery] = await waitFor(async () => {
      const rows = await deliveriesOf(stack, newsroom.apiKey, endpoint.id);
      return rows[0]?.status !== 'pending' && rows;
    });
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 204, lastError: null });
    expect(receiver.received).toHaveLength(1);
  });
});
