/**
 * `node dist-tools/bench/webhook-bench.js` (after `npm run build:tools`): webhook deliveries per second to a
 * local receiver, measured side by side with a bare HTTP POST loop to the same receiver at the
 * same concurrency. The product runs as in production: a worker process (dist/main.worker.js) with
 * the outbox relay and the delivery processor, against its own database and queue prefix; this
 * process records the events (in transactions, through WebhookEventRecorder); the receiver runs in a process of its own.
 *
 * Env: BENCH_EVENTS (default 5000), BENCH_CONCURRENCY (32; WEBHOOK_CONCURRENCY and the per-endpoint
 * cap of the worker), BENCH_ENDPOINT_CONCURRENCY (the per-endpoint cap alone, default BENCH_CONCURRENCY),
 * BENCH_ENDPOINTS (1), BENCH_EVENTS_PER_TX (250) recorded by BENCH_RECORDERS (1) concurrent loops (the
 * pipeline records 1-20 per transaction from many jobs at once), BENCH_LAYOUTS (`drain`; `batch,drain`
 * runs the same events through the previous job layout first, side by side in one worker), TEST_DATABASE_BASE_URL / REDIS_URL.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { CoreModule } from '../app/core.module';
import { WebhooksCoreModule } from '../webhooks/webhooks.module';
import { TransactionHost } from '../database/transaction-host';
import { WebhookEventRecorder } from '../webhooks/webhook-event-recorder';
import { webhookSecretKeyRing } from '../config/config';
import { uuidv7 } from '../webhooks/webhook-ids';
import { sealEndpointSecret } from '../webhooks/webhook-secrets';
import { generateSecret } from '../webhooks/webhook-signature';
import { OutboxJob, OutboxRepository } from '../queue/outbox.repository';
import { redisOptions } from '../queue/redis-options';
import {
  barePostLoop,
  createDatabase,
  dropDatabase,
  postgresCpuMs,
  sparePort,
  startProcess,
  startReceiver,
  stopProcess,
  summarize,
  workerCounters,
} from './bench-support';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS ?? 1);
const ENDPOINT_CONCURRENCY = Number(process.env.BENCH_ENDPOINT_CONCURRENCY ?? CONCURRENCY);
const BATCH = Number(process.env.BENCH_EVENTS_PER_TX ?? 250);
const RECORDERS = Number(process.env.BENCH_RECORDERS ?? 1);
type Layout = 'batch' | 'drain';
const LAYOUTS = (process.env.BENCH_LAYOUTS ?? 'drain').split(',').map((name) => name.trim() as Layout);
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

/**
 * The layout before endpoint drains, for the side-by-side figure: the transaction's wake-up rows
 * replaced by 'deliver-webhooks' jobs of up to 100 deliveries per endpoint (its rows: created_at = now()).
 */
async function toBatchLayout(tx: TransactionHost, outbox: OutboxRepository): Promise<void> {
  await tx.query(`DELETE FROM outbox WHERE job_name = 'drain-webhook-endpoint' AND created_at = now()`);
  const rows = await tx.query<{ id: string; endpoint_id: string }>(
    `SELECT id, endpoint_id FROM webhook_deliveries WHERE created_at = now() ORDER BY endpoint_id, id`,
  );
  const jobs: OutboxJob<'deliver-webhooks'>[] = [];
  for (let start = 0; start < rows.length;) {
    const endpointId = rows[start].endpoint_id;
    let end = start;
    while (end < rows.length && end - start < 100 && rows[end].endpoint_id === endpointId) end += 1;
    const ids = rows.slice(start, end).map((row) => row.id);
    jobs.push({ name: 'deliver-webhooks', payload: { endpointId, deliveryIds: ids, rounds: ids.map(() => 1) } });
    start = end;
  }
  await outbox.add(jobs);
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
    WEBHOOK_ENDPOINT_CONCURRENCY: String(ENDPOINT_CONCURRENCY),
    WORKER_METRICS_PORT: String(await sparePort()),
  };
  Object.assign(process.env, env);
  const receiver = await startReceiver();
  const worker = startProcess('main.worker.js', env);
  const webhooksQueue = new Queue('webhooks', { connection: redisOptions(REDIS_URL), prefix: queuePrefix });
  // The config is read when the module is built, after the environment above is set.
  const core = await NestFactory.createApplicationContext(BenchCoreModule, { logger: ['error'] });
  // Sees the bench database's backends (the worker's and this process's recording): Postgres CPU per delivery.
  const observer = new Client({ connectionString: databaseUrl });
  await observer.connect();
  try {
    const tx = core.get(TransactionHost);
    const recorder = core.get(WebhookEventRecorder);
    const outbox = core.get(OutboxRepository, { strict: false });
    const metricsUrl = `http://127.0.0.1:${env.WORKER_METRICS_PORT}/metrics`;
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
    await waitUntil(async () => (await receiver.count()) >= ENDPOINTS, 60_000);

    console.log(
      `webhook bench: ${EVENTS} events x ${ENDPOINTS} endpoint(s), ${BATCH} per transaction from ${RECORDERS} recorder(s), ` +
        `worker concurrency ${CONCURRENCY}, per-endpoint cap ${ENDPOINT_CONCURRENCY}, body ${Buffer.byteLength(sampleBody)} B`,
    );
    const deliveries = EVENTS * ENDPOINTS;
    let product = 0;
    for (const layout of LAYOUTS) {
      const before = await receiver.count();
      const counters = await workerCounters(metricsUrl);
      const postgresBefore = await postgresCpuMs(observer, database);
      await receiver.resetLatencies();
      const started = process.hrtime.bigint();
      let next = 0;
      await Promise.all(
        Array.from({ length: RECORDERS }, async () => {
          while (next < EVENTS) {
            const start = next;
            next += BATCH;
            const batch = Array.from({ length: Math.min(BATCH, EVENTS - start) }, (_, offset) => event(start + offset));
            await tx.run(async () => {
              await recorder.record(batch);
              if (layout === 'batch') await toBatchLayout(tx, outbox);
            });
          }
        }),
      );
      const recordedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      await waitUntil(async () => (await receiver.count()) - before >= deliveries, 900_000);
      const deliveredSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      await waitUntil(async () => {
        const [row] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status <> 'delivered'`);
        return row.n === 0;
      }, 60_000);
      const loggedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      // Jobs left over (batches whose deliveries another job's drain sent) are this layout's cost too, and would
      // weigh on the next layout's run: wait for the queue to empty.
      await waitUntil(async () => {
        const counts = await webhooksQueue.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
        return Object.values(counts).every((count) => count === 0);
      }, 600_000);
      // Late duplicates would arrive after the count was reached: give them a moment (and the job counters time to settle).
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const after = await workerCounters(metricsUrl);
      const postgresMs = (await postgresCpuMs(observer, database)) - postgresBefore;
      const {
        rows: [updates],
      } = await observer.query<{ updated: string; hot: string }>(
        `SELECT n_tup_upd AS updated, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE relname = 'webhook_deliveries'`,
      );
      const extra = (await receiver.count()) - before - deliveries;
      const latency = summarize(await receiver.latencies());
      product = deliveries / deliveredSeconds;
      console.log(`  layout "${layout}":`);
      console.log(`    recording: ${(EVENTS / recordedSeconds).toFixed(0)} events/s`);
      console.log(`    claimflow deliveries (record -> signed POST received): ${product.toFixed(0)} deliveries/s`);
      console.log(`    ... all marked delivered in Postgres after ${loggedSeconds.toFixed(2)} s`);
      console.log(`    event-to-delivery latency: p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms`);
      console.log(
        `    worker CPU per delivery: ${(((after.cpuSeconds - counters.cpuSeconds) * 1000) / deliveries).toFixed(2)} ms; ` +
          `statements per delivery: ${((after.statements - counters.statements) / deliveries).toFixed(3)}; ` +
          `webhooks job runs per delivery: ${((after.jobRuns - counters.jobRuns) / deliveries).toFixed(3)}`,
      );
      console.log(
        `    Postgres backend CPU per delivery (recording included): ${(postgresMs / deliveries).toFixed(3)} ms; ` +
          `webhook_deliveries updates so far ${updates.updated}, HOT ${updates.hot}; load average ${loadavg()
            .map((load) => load.toFixed(1))
            .join(' / ')}`,
      );
      const breakdown = [...after.runs]
        .map(([key, count]) => `${key} ${count - (counters.runs.get(key) ?? 0)}`)
        .filter((line) => !line.endsWith(' 0'));
      console.log(`    job runs: ${breakdown.join(', ')}`);
      console.log(
        `    lost: 0 (every delivery received and marked delivered), duplicated: ${Math.max(extra, await receiver.duplicates())}`,
      );
    }
    const bare = await barePostLoop(receiver.url, sampleBody, Math.max(deliveries, 5000), ENDPOINT_CONCURRENCY * ENDPOINTS);
    console.log(`  bare HTTP POST loop, same receiver, ${ENDPOINT_CONCURRENCY * ENDPOINTS} at a time: ${bare.toFixed(0)} requests/s`);
    console.log(`  ratio claimflow ("${LAYOUTS[LAYOUTS.length - 1]}") / bare: ${(product / bare).toFixed(3)}`);
  } finally {
    await webhooksQueue.close();
    await observer.end();
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
