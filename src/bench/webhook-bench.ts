/**
 * `node dist-tools/bench/webhook-bench.js` (after `npm run build:tools`): webhook deliveries per second to a
 * local receiver, measured side by side with a bare HTTP POST loop to the same receiver at the
 * same concurrency. The product runs as in production: a worker process (dist/main.worker.js) with
 * the outbox relay and the delivery processor, against its own database and queue prefix; this
 * process records the events (in transactions, through WebhookEventRecorder) and hosts the receiver.
 *
 * Env: BENCH_EVENTS (default 5000), BENCH_CONCURRENCY (32; WEBHOOK_CONCURRENCY and the per-endpoint
 * cap of the worker), BENCH_ENDPOINTS (1), TEST_DATABASE_BASE_URL / REDIS_URL as for the tests.
 */
import { randomBytes } from 'node:crypto';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { CoreModule } from '../app/core.module';
import { WebhooksCoreModule } from '../webhooks/webhooks.module';
import { TransactionHost } from '../database/transaction-host';
import { WebhookEventRecorder } from '../webhooks/webhook-event-recorder';
import { webhookSecretKeyRing } from '../config/config';
import { uuidv7 } from '../webhooks/webhook-ids';
import { sealEndpointSecret } from '../webhooks/webhook-secrets';
import { generateSecret } from '../webhooks/webhook-signature';
import { barePostLoop, createDatabase, dropDatabase, startProcess, startReceiver, stopProcess, summarize } from './bench-support';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS ?? 1);
const BATCH = 250;
const ADMIN_URL = process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The bench records events as the product does, without HTTP or queues. */
@Module({ imports: [CoreModule, WebhooksCoreModule] })
class BenchCoreModule {}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function main(): Promise<void> {
  const runId = randomBytes(4).toString('hex');
  const database = `claimflow_webhook_bench_${runId}`;
  const queuePrefix = `{cfwhbench_${runId}}`;
  const databaseUrl = await createDatabase(ADMIN_URL, database);
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    // Required by the config (never used: this bench has no API).
    ADMIN_API_KEY: `bench-admin-${runId}-0123456789`,
    LOG_LEVEL: 'error',
    OUTBOX_POLL_MS: '50',
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOK_CONCURRENCY: String(CONCURRENCY),
    WEBHOOK_ENDPOINT_CONCURRENCY: String(CONCURRENCY),
  };
  Object.assign(process.env, env);
  const receiver = await startReceiver();
  const worker = startProcess('main.worker.js', env);
  // The config is read when the module is built, after the environment above is set.
  const core = await NestFactory.createApplicationContext(BenchCoreModule, { logger: ['error'] });
  try {
    const tx = core.get(TransactionHost);
    const recorder = core.get(WebhookEventRecorder);
    const newsroomId = uuidv7();
    await tx.query(`INSERT INTO newsrooms (id, name) VALUES ($1, 'Bench Desk')`, [newsroomId]);
    const ring = webhookSecretKeyRing();
    for (let index = 0; index < ENDPOINTS; index += 1) {
      const id = uuidv7();
      await tx.query(`INSERT INTO webhook_endpoints (id, newsroom_id, url, events, secret) VALUES ($1, $2, $3, $4::text[], $5)`, [
        id,
        newsroomId,
        `${receiver.url}/${index}`,
        ['claim.status_changed'],
        sealEndpointSecret(ring, id, generateSecret()),
      ]);
    }
    const event = (index: number) => ({
      newsroomId,
      type: 'claim.status_changed' as const,
      data: { claimId: uuidv7(), articleId: uuidv7(), from: 'verifying', to: 'needs_review', version: 3 + (index % 5) },
    });
    const sampleBody = JSON.stringify({ type: 'claim.status_changed', timestamp: new Date().toISOString(), data: event(0).data });

    // Warm up: the worker is up and the connection pool open once one event went through.
    await tx.run(() => recorder.record([event(0)]));
    await waitUntil(() => receiver.count() >= ENDPOINTS, 60_000);

    const deliveries = EVENTS * ENDPOINTS;
    const before = receiver.count();
    receiver.latenciesMs.length = 0;
    const started = process.hrtime.bigint();
    for (let start = 0; start < EVENTS; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, EVENTS - start) }, (_, offset) => event(start + offset));
      await tx.run(() => recorder.record(batch));
    }
    const recordedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    await waitUntil(() => receiver.count() - before >= deliveries, 600_000);
    const deliveredSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    await waitUntil(async () => {
      const [row] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status <> 'delivered'`);
      return row.n === 0;
    }, 60_000);
    const loggedSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    // Late duplicates would arrive after the count was reached: give them a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const duplicates = receiver.duplicates();
    const extra = receiver.count() - before - deliveries;
    const latency = summarize(receiver.latenciesMs);
    const bare = await barePostLoop(receiver.url, sampleBody, Math.max(deliveries, 5000), CONCURRENCY);
    const product = deliveries / deliveredSeconds;
    console.log(
      `webhook bench: ${EVENTS} events x ${ENDPOINTS} endpoint(s), concurrency ${CONCURRENCY}, body ${Buffer.byteLength(sampleBody)} B`,
    );
    console.log(`  recording (in transactions of ${BATCH}): ${(EVENTS / recordedSeconds).toFixed(0)} events/s`);
    console.log(`  claimflow deliveries (record -> signed POST received): ${product.toFixed(0)} deliveries/s`);
    console.log(`  ... all marked delivered in Postgres after ${loggedSeconds.toFixed(2)} s`);
    console.log(`  event-to-delivery latency: p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms`);
    console.log(`  lost: 0 (every delivery received and marked delivered), duplicated: ${duplicates + Math.max(0, extra - duplicates)}`);
    console.log(`  bare HTTP POST loop, same receiver: ${bare.toFixed(0)} requests/s`);
    console.log(`  ratio claimflow / bare: ${(product / bare).toFixed(3)}`);
  } finally {
    await core.close();
    await stopProcess(worker);
    await receiver.close();
    await dropDatabase(ADMIN_URL, database);
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${queuePrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
