import { randomUUID } from 'node:crypto';
import type { TestingModule } from '@nestjs/testing';
import { Webhook } from 'standardwebhooks';
import type { AppConfig } from '../../src/config/config';
import { APP_CONFIG } from '../../src/config/config.module';
import { statementsSentTotal, TransactionHost } from '../../src/database/transaction-host';
import { createRedisClient } from '../../src/queue/redis-options';
import { EndpointDrainGate } from '../../src/webhooks/endpoint-drain-gate';
import { WebhookDeliveryRepository } from '../../src/webhooks/webhook-delivery.repository';
import { type DrainResult, WebhookDeliveryService } from '../../src/webhooks/webhook-delivery.service';
import { WebhookDrainSweeper } from '../../src/webhooks/webhook-drain-sweeper.service';
import { WebhookEventRecorder } from '../../src/webhooks/webhook-event-recorder';
import { uuidv7 } from '../../src/webhooks/webhook-ids';
import { WebhookSender } from '../../src/webhooks/webhook-sender';
import { WebhooksCoreModule, WebhooksWorkerModule } from '../../src/webhooks/webhooks.module';
import { FakeSender } from './fake-webhook-sender';
import { buildServicesWith, Seeder } from './services';
import { sleep, waitFor } from '../support/wait';

describe('webhook endpoint drain (real Postgres and Redis, the sender replaced)', () => {
  let module: TestingModule;
  let seed: Seeder;
  let sender: FakeSender;
  let delivery: WebhookDeliveryService;
  let gate: EndpointDrainGate;
  let config: AppConfig;

  beforeAll(async () => {
    sender = new FakeSender();
    module = await buildServicesWith([{ provide: WebhookSender, useValue: sender }], WebhooksCoreModule, WebhooksWorkerModule);
    seed = new Seeder(module);
    delivery = module.get(WebhookDeliveryService);
    gate = module.get(EndpointDrainGate);
    config = module.get<AppConfig>(APP_CONFIG);
  });
  afterAll(() => module.close());
  beforeEach(() => sender.reset());

  async function newEndpoint(): Promise<{ id: string; newsroomId: string; secret: string }> {
    const newsroomId = await seed.newsroom();
    const { id, secret } = await seed.webhookEndpoint(newsroomId);
    return { id, newsroomId, secret };
  }

  const record = (newsroomId: string, count: number) =>
    module
      .get(TransactionHost)
      .run(() =>
        module
          .get(WebhookEventRecorder)
          .record(
            Array.from({ length: count }, () => ({ newsroomId, type: 'article.completed' as const, data: { articleId: randomUUID() } })),
          ),
      );

  const statuses = (endpointId: string) =>
    seed.query<{ status: string; attempts: number; n: number }>(
      `SELECT status, attempts, count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [endpointId],
    );

  const wakeRows = (endpointId: string) =>
    seed.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE job_name = 'drain-webhook-endpoint' AND payload->>'endpointId' = $1`,
      [endpointId],
    );

  it('one wake-up per transaction; one drain sends every due delivery, the cap in parallel, bodies as recorded and signed', async () => {
    const endpoint = await newEndpoint();
    await record(endpoint.newsroomId, 30);
    expect(await wakeRows(endpoint.id)).toEqual([{ n: 1 }]);
    sender.delayMs = 20;

    await expect(delivery.drainEndpoint(endpoint.id)).resolves.toEqual({ kind: 'done', attempts: 30 });

    expect(await statuses(endpoint.id)).toEqual([{ status: 'delivered', attempts: 1, n: 30 }]);
    expect(sender.maxInFlight).toBe(config.webhookEndpointConcurrency);
    const bodies = await seed.query<{ id: string; body: string }>(
      `SELECT ev.id, ev.body FROM webhook_events ev JOIN webhook_deliveries d ON d.event_id = ev.id WHERE d.endpoint_id = $1`,
      [endpoint.id],
    );
    const recorded = new Map(bodies.map((row) => [row.id, row.body]));
    for (const request of sender.requests) {
      expect(request.body).toBe(recorded.get(request.headers['webhook-id']));
      expect(() => new Webhook(endpoint.secret).verify(request.body, request.headers)).not.toThrow();
    }
    expect(new Set(sender.requests.map((request) => request.headers['webhook-id'])).size).toBe(30);
  });

  it('a relayed batch of wake-ups drains each endpoint once, side by side', async () => {
    const [first, second] = [await newEndpoint(), await newEndpoint()];
    await record(first.newsroomId, 3);
    await record(second.newsroomId, 2);
    const wake = (endpointId: string) => ({ endpointId, wakeId: uuidv7() });
    await expect(delivery.drainEndpoints([wake(first.id), wake(second.id), wake(first.id)])).resolves.toEqual({
      endpoints: 2,
      continued: 0,
      failures: [],
    });
    expect(await statuses(first.id)).toEqual([{ status: 'delivered', attempts: 1, n: 3 }]);
    expect(await statuses(second.id)).toEqual([{ status: 'delivered', attempts: 1, n: 2 }]);
  });

  it('the gate: a second wake-up marks a held endpoint dirty, and its drainer leaves only once clean', async () => {
    const endpointId = uuidv7();
    const ticket = (await gate.enter(endpointId, 10_000))!;
    expect(ticket).not.toBeNull();
    expect(await gate.enter(endpointId, 10_000)).toBeNull();
    expect(await gate.leaveIfClean(ticket)).toBe(false);
    expect(await gate.leaveIfClean(ticket)).toBe(true);
    const next = await gate.enter(endpointId, 10_000);
    expect(next).not.toBeNull();
    await gate.release(next!);
  });

  it('the gate: a lapsed drainer that finds another in its place leaves it marked dirty', async () => {
    const endpointId = uuidv7();
    const lapsed = (await gate.enter(endpointId, 100))!;
    await sleep(250);
    const successor = (await gate.enter(endpointId, 10_000))!;
    expect(successor).not.toBeNull();
    expect(await gate.leaveIfClean(lapsed)).toBe(true);
    expect(await gate.leaveIfClean(successor)).toBe(false);
    expect(await gate.leaveIfClean(successor)).toBe(true);
  });

  it('no lost wake-up: events committed while a drain runs are all sent, each once, by one drainer at a time', async () => {
    const endpoint = await newEndpoint();
    sender.delayMs = 5;
    const wakes: Array<Promise<DrainResult>> = [];
    let events = 0;
    for (let index = 0; index < 40; index += 1) {
      const count = 1 + (index % 3);
      await record(endpoint.newsroomId, count);
      events += count;
      // What the relay does with the transaction's outbox row, right after the commit.
      wakes.push(delivery.drainEndpoint(endpoint.id));
      await sleep(Math.floor(Math.random() * 12));
    }
    const results = await Promise.all(wakes);

    // No sweep, no retry: only the wake-ups above ran, so anything still pending was a lost wake-up.
    expect(await statuses(endpoint.id)).toEqual([{ status: 'delivered', attempts: 1, n: events }]);
    expect(sender.requests).toHaveLength(events);
    expect(new Set(sender.requests.map((request) => request.headers['webhook-id'])).size).toBe(events);
    expect(sender.maxInFlight).toBeLessThanOrEqual(config.webhookEndpointConcurrency);
    const kinds = results.map((result) => result.kind);
    expect(kinds).toContain('coalesced');
    expect(kinds.filter((kind) => kind === 'done').length).toBeLessThan(wakes.length);
  });

  it('a drainer that crashed: its gate and claims lapse, the sweep wakes the endpoint, every delivery is sent (at least once)', async () => {
    const endpoint = await newEndpoint();
    await record(endpoint.newsroomId, 10);
    // The crashed drainer: it held the gate and had claimed (and counted) 4 attempts, then died.
    expect(await gate.enter(endpoint.id, 400)).not.toBeNull();
    const claimed = await module.get(WebhookDeliveryRepository).claimDue(endpoint.id, 4, randomUUID(), 400);
    expect(claimed).toHaveLength(4);

    // Its wake-up only marks the held endpoint dirty; nobody is left to look.
    await expect(delivery.drainEndpoint(endpoint.id)).resolves.toEqual({ kind: 'coalesced' });
    expect(sender.requests).toHaveLength(0);
    await seed.query(`DELETE FROM outbox WHERE job_name = 'drain-webhook-endpoint' AND payload->>'endpointId' = $1`, [endpoint.id]);

    await sleep(600);
    const sweeper = module.get(WebhookDrainSweeper);
    expect(await sweeper.sweep(0)).toBeGreaterThanOrEqual(1);
    expect(await wakeRows(endpoint.id)).toEqual([{ n: 1 }]);
    await expect(delivery.drainEndpoint(endpoint.id)).resolves.toEqual({ kind: 'done', attempts: 10 });

    expect(await statuses(endpoint.id)).toEqual([
      { status: 'delivered', attempts: 1, n: 6 },
      { status: 'delivered', attempts: 2, n: 4 },
    ]);
    expect(new Set(sender.requests.map((request) => request.headers['webhook-id'])).size).toBe(10);
    // Nothing due is left, so the sweep has nothing to wake there.
    await seed.query(`DELETE FROM outbox WHERE job_name = 'drain-webhook-endpoint' AND payload->>'endpointId' = $1`, [endpoint.id]);
    await sweeper.sweep(0);
    expect(await wakeRows(endpoint.id)).toEqual([{ n: 0 }]);
  });
  const deliveredOnce = async (endpointId: string, events: number) => {
    const ids = sender.requests.map((request) => request.headers['webhook-id']);
    expect(new Set(ids).size).toBe(events);
    const [row] = await seed.query<{ delivered: number }>(
      `SELECT count(*) FILTER (WHERE status = 'delivered')::int AS delivered FROM webhook_deliveries WHERE endpoint_id = $1`,
      [endpointId],
    );
    expect(row.delivered).toBe(events);
  };

  it('continuous lanes: the cap stays in flight while work remains (claims ahead, outcomes flushed behind), never more', async () => {
    const endpoint = await newEndpoint();
    const events = 600;
    await record(endpoint.newsroomId, events);
    // 10 ms a POST: 100 claimed ahead last 250 ms on 4 lanes, room for a claim statement on a busy Postgres.
    sender.delayMs = 10;
    const statementsBefore = statementsSentTotal();
    const startedAt = performance.now();

    await expect(delivery.drainEndpoint(endpoint.id)).resolves.toEqual({ kind: 'done', attempts: events });
    const elapsedMs = performance.now() - startedAt;

    const cap = config.webhookEndpointConcurrency;
    expect(sender.maxInFlight).toBe(cap);
    // From the cap-th start to the last: lanes that wait for a claim or a record statement would show as time below the cap.
    expect(sender.shareAt(cap, cap)).toBeGreaterThan(0.85);
    // A claim per hundred or so, a flush per FLUSH_AFTER_MS (25 ms) of sending at most: far fewer statements
    // than deliveries. Bounded by the time it took, since a loaded box's slower POSTs mean fewer outcomes per flush.
    expect(statementsSentTotal() - statementsBefore).toBeLessThan(events / 50 + elapsedMs / 25 + 10);
    expect(sender.requests).toHaveLength(events);
    await deliveredOnce(endpoint.id, events);
  });

  it('the handoff: after 10 s a drain records every outcome, gives back what it claimed ahead, and leaves; the next drain goes on', async () => {
    const endpoint = await newEndpoint();
    const events = 3000;
    await record(endpoint.newsroomId, events);
    // 4 lanes x 20 ms: about 2,000 in the 10 s before the handoff, so work is left.
    sender.delayMs = 20;

    const first = await delivery.drainEndpoint(endpoint.id);
    expect(first).toMatchObject({ kind: 'postpone', delayMs: 0 });
    const sent = sender.requests.length;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(events);
    const rows = await seed.query<{ status: string; attempts: number; claimed: boolean; n: number }>(
      `SELECT status, attempts, claim_token IS NOT NULL AS claimed, count(*)::int AS n FROM webhook_deliveries
        WHERE endpoint_id = $1 GROUP BY 1, 2, 3 ORDER BY 1`,
      [endpoint.id],
    );
    // Every POST made is recorded, nothing is left claimed, and what was claimed but not sent has its count undone.
    expect(rows).toEqual([
      { status: 'delivered', attempts: 1, claimed: false, n: sent },
      { status: 'pending', attempts: 0, claimed: false, n: events - sent },
    ]);
    expect((first as { attempts: number }).attempts).toBe(sent);
    const ticket = await gate.enter(endpoint.id, 10_000);
    expect(ticket).not.toBeNull();
    await gate.release(ticket!);

    sender.delayMs = 0;
    await expect(delivery.drainEndpoint(endpoint.id)).resolves.toEqual({ kind: 'done', attempts: events - sent });
    expect(sender.requests).toHaveLength(events);
    await deliveredOnce(endpoint.id, events);
  }, 120_000);

  it('a drainer that dies mid-batch loses nothing: its recorded outcomes stay, the rest is sent again once its leases lapse', async () => {
    const endpoint = await newEndpoint();
    const events = 120;
    await record(endpoint.newsroomId, events);
    sender.delayMs = 2;
    const hangAfter = 50;
    sender.hangAfter = hangAfter;
    const cap = config.webhookEndpointConcurrency;

    // The drainer that dies: its lanes hang in their last POSTs (it never ends), with more claimed ahead.
    void delivery.drainEndpoint(endpoint.id);
    const delivered = async () =>
      (
        await seed.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'delivered'`,
          [endpoint.id],
        )
      )[0].n;
    // Every lane ends in a POST that never answers: from the hangAfter-th on, none does, so no lane frees up.
    // (Waiting for `cap` in flight alone is not enough: the first cap POSTs are in flight too.)
    await waitFor(async () => sender.requests.length >= hangAfter + cap, 30_000, 20);
    expect(sender.requests).toHaveLength(hangAfter + cap);
    expect(sender.inFlight).toBe(cap);
    // Its flushes run while it lives: every answered POST gets recorded, on the pipe's flush timer.
    await waitFor(async () => (await delivered()) >= hangAfter, 30_000, 20);
    const recordedBeforeDeath = await delivered();
    expect(recordedBeforeDeath).toBe(hangAfter);
    const [held] = await seed.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'pending' AND claim_token IS NOT NULL`,
      [endpoint.id],
    );
    expect(held.n).toBeGreaterThan(cap);

    // Time passes: its claims, its gate and its slots lapse (what their leases do, without the wait).
    await seed.query(
      `UPDATE webhook_deliveries SET claimed_until = now() - interval '1 second' WHERE endpoint_id = $1 AND claim_token IS NOT NULL`,
      [endpoint.id],
    );
    const redis = createRedisClient(config.redisUrl);
    await redis.del(`${config.queuePrefix}:webhooks:drain:${endpoint.id}`, `${config.queuePrefix}:webhooks:inflight:${endpoint.id}`);
    redis.disconnect();
    const heardBeforeDeath = new Set(sender.requests.slice(0, recordedBeforeDeath + cap).map((request) => request.headers['webhook-id']));
    const answered = sender.requests.length - cap;
    sender.hangAfter = null;

    expect(await module.get(WebhookDrainSweeper).sweep(0)).toBeGreaterThanOrEqual(1);
    await expect(delivery.drainEndpoint(endpoint.id)).resolves.toEqual({ kind: 'done', attempts: events - recordedBeforeDeath });
    await deliveredOnce(endpoint.id, events);
    // Only the POSTs that were in flight when it died are made twice (at-least-once); the recorded ones are not.
    expect(sender.requests.length).toBe(events + cap);
    const again = sender.requests.slice(answered + cap).filter((request) => heardBeforeDeath.has(request.headers['webhook-id']));
    expect(again).toHaveLength(cap);
  });
});
