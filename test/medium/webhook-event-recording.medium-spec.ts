import type { TestingModule } from '@nestjs/testing';
import { statementsSentTotal, TransactionHost } from '../../src/database/transaction-host';
import { WebhookEventRecorder } from '../../src/webhooks/webhook-event-recorder';
import { WebhooksCoreModule } from '../../src/webhooks/webhooks.module';
import { buildServices, Seeder } from './services';

/** Events, their deliveries and the endpoints' wake-ups are written by one statement, in the caller's transaction. */
describe('webhook event recording (real Postgres)', () => {
  let module: TestingModule;
  let seed: Seeder;
  let tx: TransactionHost;
  let recorder: WebhookEventRecorder;

  beforeAll(async () => {
    module = await buildServices(WebhooksCoreModule);
    seed = new Seeder(module);
    tx = module.get(TransactionHost);
    recorder = module.get(WebhookEventRecorder);
  });
  afterAll(() => module.close());

  /** The bodies travel joined by chr(30): one inside the data (escaped by JSON) must come back as it was. */
  const TRICKY = 'a-3 \u001e "quoted" \\ end';
  const event = (newsroomId: string, articleId: string) => ({ newsroomId, type: 'article.completed' as const, data: { articleId } });

  it('writes every event, a delivery per subscribed endpoint and one wake-up per endpoint, in one statement after the subscribers', async () => {
    const newsroomId = await seed.newsroom();
    const first = await seed.webhookEndpoint(newsroomId);
    const second = await seed.webhookEndpoint(newsroomId);
    const before = statementsSentTotal();
    await tx.run(() => recorder.record([event(newsroomId, 'a-1'), event(newsroomId, 'a-2'), event(newsroomId, TRICKY)]));
    // BEGIN, the subscribers, the one insert, COMMIT.
    expect(statementsSentTotal() - before).toBe(4);
    const events = await seed.query<{ id: string; body: string }>(`SELECT id, body FROM webhook_events WHERE newsroom_id = $1`, [
      newsroomId,
    ]);
    expect(events.map((row) => JSON.parse(row.body).data.articleId).sort()).toEqual(['a-1', 'a-2', TRICKY]);
    const deliveries = await seed.query<{ endpoint_id: string; event_id: string; status: string; id: string }>(
      `SELECT id, endpoint_id, event_id, status FROM webhook_deliveries WHERE endpoint_id = ANY($1::uuid[]) ORDER BY id`,
      [[first.id, second.id]],
    );
    expect(deliveries).toHaveLength(6);
    expect(new Set(deliveries.map((row) => `${row.event_id}/${row.endpoint_id}`)).size).toBe(6);
    expect(deliveries.every((row) => row.status === 'pending')).toBe(true);
    const wakeUps = await seed.query<{ payload: { endpointId: string; wakeId: string } }>(
      `SELECT payload FROM outbox WHERE job_name = 'drain-webhook-endpoint' AND payload->>'endpointId' = ANY($1::text[])`,
      [[first.id, second.id]],
    );
    expect(wakeUps.map((row) => row.payload.endpointId).sort()).toEqual([first.id, second.id].sort());
    // Each wake-up is named by its endpoint's delivery of the first event.
    const firstEvent = events.find((row) => JSON.parse(row.body).data.articleId === 'a-1')!.id;
    for (const { payload } of wakeUps) {
      const named = deliveries.find((row) => row.endpoint_id === payload.endpointId && row.event_id === firstEvent)!;
      expect(payload.wakeId).toBe(named.id);
    }
  });

  it('writes nothing when the caller rolls back', async () => {
    const newsroomId = await seed.newsroom();
    const endpoint = await seed.webhookEndpoint(newsroomId);
    await expect(
      tx.run(async () => {
        await recorder.record([event(newsroomId, 'a-1')]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const [counts] = await seed.query<{ events: number; deliveries: number; wakeUps: number }>(
      `SELECT (SELECT count(*)::int FROM webhook_events WHERE newsroom_id = $1) AS events,
              (SELECT count(*)::int FROM webhook_deliveries WHERE endpoint_id = $2) AS deliveries,
              (SELECT count(*)::int FROM outbox WHERE payload->>'endpointId' = $2::text) AS "wakeUps"`,
      [newsroomId, endpoint.id],
    );
    expect(counts).toEqual({ events: 0, deliveries: 0, wakeUps: 0 });
  });
});
