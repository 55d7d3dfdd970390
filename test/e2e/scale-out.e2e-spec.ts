import { type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { Queue } from 'bullmq';
import { type Client } from 'pg';
import request from 'supertest';
import { redisOptions } from '../../src/queue/redis-options';
import { exited, sparePort, spawnEntrypoint } from '../support/private-services';
import { connectDb } from '../support/review-fixtures';
import { ADMIN_KEY, bearer, waitFor } from '../support/stack';
import { WebhookReceiver } from '../support/webhook-receiver';

const ARTICLES = 40;
const ENV = { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', LOG_LEVEL: 'error' };

describe('scale-out: two api and three worker processes (one only for webhooks) on one Postgres and Redis', () => {
  const processes: ChildProcess[] = [];
  let db: Client;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    db = await connectDb();
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    for (const child of processes) child.kill('SIGTERM');
    await Promise.all(processes.map((child) => exited(child)));
    await receiver.close();
    await db.end();
  });

  it('processes every article, claim and delivery exactly once, with both pipeline workers taking part', async () => {
    const ports = [await sparePort(), await sparePort()];
    for (const port of ports) processes.push(spawnEntrypoint('main.api.js', { ...ENV, PORT: String(port) }, 'inherit'));
    // WORKER_QUEUES: two pipeline workers, and webhook delivery in a process of its own, away from the pipeline's CPU work.
    const pipelineEnv = { ...ENV, WORKER_QUEUES: 'extraction,verification' };
    const workers = [spawnEntrypoint('main.worker.js', pipelineEnv, 'inherit'), spawnEntrypoint('main.worker.js', pipelineEnv, 'inherit')];
    const webhookWorker = spawnEntrypoint('main.worker.js', { ...ENV, WORKER_QUEUES: 'webhooks' }, 'inherit');
    processes.push(...workers, webhookWorker);
    const apis = ports.map((port) => request(`http://127.0.0.1:${port}`));
    // Four Node processes starting at once on a small, busy machine can take a while.
    for (const api of apis) await waitFor(async () => (await api.get('/health/ready')).status === 200, 120000, 200);

    const newsroom = (await apis[0].post('/v1/admin/newsrooms').set(bearer(ADMIN_KEY)).send({ name: 'Scale Desk' }).expect(201)).body;
    await apis[1].post('/v1/webhooks').set(bearer(newsroom.apiKey)).send({ url: receiver.url }).expect(201);
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: ARTICLES }, async (_, n) => {
        const text = `Exports rose ${n + 2}% in 2023, the ministry said. The port handled ${n * 100 + 40} ships in May. I love this city.`;
        const response = await apis[n % 2].post('/v1/articles').set(bearer(newsroom.apiKey)).send({ text }).expect(202);
        ids.push(response.body.id);
      }),
    );

    await waitFor(
      async () => {
        const { rows } = await db.query(
          `SELECT count(*) FILTER (WHERE status = 'verifying')::int AS done,
                  (SELECT count(*)::int FROM claims WHERE status IN ('pending', 'verifying')) AS open,
                  (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'pending') AS undelivered FROM articles`,
        );
        return rows[0].done === ARTICLES && rows[0].open === 0 && rows[0].undelivered === 0;
      },
      120000,
      200,
    );

    // No lost and no double work: every claim once, its history without repeats, one task per claim in review.
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM claims) AS claims, (SELECT count(DISTINCT (article_id, seq))::int FROM claims) AS seqs,
              (SELECT count(*)::int FROM claims WHERE status = 'needs_review') AS review,
              (SELECT count(*)::int FROM review_tasks) AS tasks, (SELECT count(DISTINCT claim_id)::int FROM review_tasks) AS task_claims,
              (SELECT count(*)::int FROM claim_events) AS events, (SELECT count(DISTINCT (claim_id, version))::int FROM claim_events) AS versions,
              (SELECT count(*)::int FROM webhook_deliveries) AS deliveries,
              (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'delivered') AS delivered`,
    );
    const figures = rows[0];
    expect(figures.claims).toBe(ARTICLES * 3);
    expect(figures.seqs).toBe(figures.claims);
    expect(figures.review).toBeGreaterThanOrEqual(ARTICLES);
    expect(figures.tasks).toBe(figures.review);
    expect(figures.task_claims).toBe(figures.review);
    expect(figures.versions).toBe(figures.events);
    expect(figures.delivered).toBe(figures.deliveries);

    // Every delivery reached the receiver exactly once.
    await waitFor(async () => receiver.received.length >= figures.deliveries, 10000);
    const webhookIds = receiver.received.map((received) => String(received.headers['webhook-id']));
    expect(webhookIds).toHaveLength(figures.deliveries);
    expect(new Set(webhookIds).size).toBe(webhookIds.length);

    // Both workers took jobs (a job's processedBy names its worker process).
    const connection = redisOptions(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const processedBy: Record<string, Set<string>> = {};
    for (const name of ['extraction', 'verification', 'webhooks']) {
      const queue = new Queue(name, { connection, prefix: process.env.QUEUE_PREFIX });
      processedBy[name] = new Set((await queue.getCompleted(0, -1)).flatMap((job) => (job.processedBy ? [job.processedBy] : [])));
      await queue.close();
    }
    const nameOf = (worker: ChildProcess) => `${hostname()}:${worker.pid}`;
    const pipelineWorkers = new Set([...processedBy.extraction, ...processedBy.verification]);
    expect([...pipelineWorkers].sort()).toEqual(workers.map(nameOf).sort());
    // Each process took jobs of its own queues only: every delivery went through the webhooks-only worker.
    expect([...processedBy.webhooks]).toEqual([nameOf(webhookWorker)]);
  }, 300_000);
});
