import type { TestingModule } from '@nestjs/testing';
import { Webhook } from 'standardwebhooks';
import { TransactionHost } from '../../src/database/transaction-host';
import { WebhookDeliveryService } from '../../src/webhooks/webhook-delivery.service';
import { WebhookEventRecorder } from '../../src/webhooks/webhook-event-recorder';
import { WebhookSender } from '../../src/webhooks/webhook-sender';
import { WebhooksCoreModule, WebhooksWorkerModule } from '../../src/webhooks/webhooks.module';
import { FakeSender } from './fake-webhook-sender';
import { buildServicesWith, Seeder } from './services';

describe('webhook delivery (service tier, real Postgres, the sender replaced)', () => {
  let module: TestingModule;
  let seed: Seeder;
  let sender: FakeSender;
  let delivery: WebhookDeliveryService;

  beforeAll(async () => {
    sender = new FakeSender();
    module = await buildServicesWith([{ provide: WebhookSender, useValue: sender }], WebhooksCoreModule, WebhooksWorkerModule);
    seed = new Seeder(module);
    delivery = module.get(WebhookDeliveryService);
  });
  afterAll(() => module.close());
  beforeEach(() => sender.reset());

  /** A newsroom with one endpoint and one recorded event: the id of its one delivery, and the endpoint's secret. */
  async function recordedDelivery(): Promise<{ deliveryId: string; secret: string; url: string }> {
    const newsroomId = await seed.newsroom();
    const { id, secret, url } = await seed.webhookEndpoint(newsroomId);
    await module
      .get(TransactionHost)
      .run(() => module.get(WebhookEventRecorder).record([{ newsroomId, type: 'article.completed', data: { articleId: 'a-1' } }]));
    const [row] = await seed.query<{ id: string }>('SELECT id FROM webhook_deliveries WHERE endpoint_id = $1', [id]);
    return { deliveryId: row.id, secret, url };
  }

  it('signs and sends through the injected sender, and records the delivery as delivered', async () => {
    const { deliveryId, secret, url } = await recordedDelivery();
    await expect(delivery.attempt(deliveryId, 1)).resolves.toEqual({ kind: 'delivered' });
    expect(sender.requests).toHaveLength(1);
    const [request] = sender.requests;
    expect(request.url).toBe(url);
    expect(new Webhook(secret).verify(request.body, request.headers)).toMatchObject({
      type: 'article.completed',
      data: { articleId: 'a-1' },
    });
    const [row] = await seed.query('SELECT status, attempts, last_status_code FROM webhook_deliveries WHERE id = $1', [deliveryId]);
    expect(row).toEqual({ status: 'delivered', attempts: 1, last_status_code: 200 });
  });

  it('turns a failed answer into a retry on the schedule and keeps the delivery pending', async () => {
    const { deliveryId } = await recordedDelivery();
    sender.statuses = [503];
    const result = await delivery.attempt(deliveryId, 1);
    expect(result).toMatchObject({ kind: 'retry', error: expect.stringContaining('503') });
    const [row] = await seed.query<Record<string, unknown>>(
      'SELECT status, attempts, last_status_code, next_attempt_at IS NOT NULL AS scheduled FROM webhook_deliveries WHERE id = $1',
      [deliveryId],
    );
    expect(row).toEqual({ status: 'pending', attempts: 1, last_status_code: 503, scheduled: true });
  });
});
