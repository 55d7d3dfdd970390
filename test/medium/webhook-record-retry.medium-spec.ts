import { randomUUID } from 'node:crypto';
import type { TestingModule } from '@nestjs/testing';
import { Client } from 'pg';
import { TransactionHost } from '../../src/database/transaction-host';
import { WebhookDeliveryService } from '../../src/webhooks/webhook-delivery.service';
import { WebhookEventRecorder } from '../../src/webhooks/webhook-event-recorder';
import { WebhookSender } from '../../src/webhooks/webhook-sender';
import { WebhooksCoreModule, WebhooksWorkerModule } from '../../src/webhooks/webhooks.module';
import { FakeSender } from './fake-webhook-sender';
import { buildServicesWith, Seeder } from './services';

// Postgres cancels a statement after 1 s here (the product's default is 15 s): a row lock held for
// longer makes the statement that records the outcomes fail, as a loaded box did in the pipeline bench.
process.env.DB_STATEMENT_TIMEOUT_MS = '1000';
// Short attempt deadlines, so a claim's lease (7 deadlines + 5 s) lapses within the test.
process.env.WEBHOOK_TIMEOUT_MS = '200';

describe('webhook outcomes whose record statement fails (real Postgres and Redis, the sender replaced)', () => {
  let module: TestingModule;
  let seed: Seeder;
  let sender: FakeSender;
  let delivery: WebhookDeliveryService;
  let locker: Client;
  let unlocked: Promise<unknown> = Promise.resolve();

  beforeAll(async () => {
    sender = new FakeSender();
    module = await buildServicesWith([{ provide: WebhookSender, useValue: sender }], WebhooksCoreModule, WebhooksWorkerModule);
    seed = new Seeder(module);
    delivery = module.get(WebhookDeliveryService);
    locker = new Client({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
  });
  afterAll(async () => {
    await unlocked.catch(() => undefined);
    await locker.end();
    await module.close();
  });

  it('an answered attempt is recorded once the statement goes through, and never sent again (no duplicate after the lease)', async () => {
    const newsroomId = await seed.newsroom();
    const { id: endpointId } = await seed.webhookEndpoint(newsroomId);
    await module
      .get(TransactionHost)
      .run(() =>
        module
          .get(WebhookEventRecorder)
          .record(
            Array.from({ length: 12 }, () => ({ newsroomId, type: 'article.completed' as const, data: { articleId: randomUUID() } })),
          ),
      );
    // While the first attempt is in flight (claimed, committed), another session locks its row for 2.5 s:
    // each statement recording its outcome waits for the lock and is cancelled at 1 s.
    sender.onSend = async (request, index) => {
      if (index !== 0) return;
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM webhook_deliveries WHERE event_id = $1 FOR UPDATE`, [request.headers['webhook-id']]);
      unlocked = new Promise((resolve) => setTimeout(resolve, 2500)).then(() => locker.query('COMMIT'));
    };

    await expect(delivery.drainEndpoint(endpointId)).resolves.toEqual({ kind: 'done', attempts: 12 });
    await unlocked;

    const rows = await seed.query<{ status: string; attempts: number; claimed: boolean }>(
      `SELECT status, attempts, claim_token IS NOT NULL AS claimed FROM webhook_deliveries WHERE endpoint_id = $1`,
      [endpointId],
    );
    expect(rows).toHaveLength(12);
    expect(rows.every((row) => row.status === 'delivered' && row.attempts === 1 && !row.claimed)).toBe(true);
    // Past every lease: another drain finds nothing to send again.
    await new Promise((resolve) => setTimeout(resolve, 6500));
    await expect(delivery.drainEndpoint(endpointId)).resolves.toEqual({ kind: 'done', attempts: 0 });
    const ids = sender.requests.map((request) => request.headers['webhook-id']);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  }, 30_000);
});
