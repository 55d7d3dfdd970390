import { DataSource } from 'typeorm';
import { runMigrations } from '../../src/database/migrate';
import { bearer, createNewsroom, startApi, startStack, waitFor } from '../support/stack';
import { exited, PrivatePostgres, PrivateRedis, sparePort, spawnEntrypoint, spawnWorker } from '../support/private-services';
import request from 'supertest';
import { Queue } from 'bullmq';
import { redisOptions } from '../../src/queue/redis-options';

const FACTUAL = 'The unemployment rate fell to 3.9% in March, according to the Labor Department.';

describe('faults: nothing accepted is lost', () => {
  it('accepts articles while Redis is down and processes them once it is back', async () => {
    const redis = new PrivateRedis(await sparePort());
    await redis.start();
    const stack = await startStack({ env: { REDIS_URL: redis.url } });
    try {
      const newsroom = await createNewsroom(stack);
      await redis.stop();

      const started = Date.now();
      const accepted = await stack.http.post('/v1/articles').set(bearer(newsroom.apiKey)).send({ text: FACTUAL }).expect(202);
      expect(Date.now() - started).toBeLessThan(2000); // nothing on the request path waits on Redis
      await stack.http.get(`/v1/articles/${accepted.body.id}`).set(bearer(newsroom.apiKey)).expect(200);
      const ready = await stack.http.get('/health/ready').expect(503);
      expect(ready.body.checks).toEqual({ postgres: 'up', redis: 'down' });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const waiting = await stack.http.get(`/v1/articles/${accepted.body.id}`).set(bearer(newsroom.apiKey)).expect(200);
      expect(waiting.body.status).toBe('received');

      await redis.start();
      const done = await waitFor(async () => {
        const response = await stack.http.get(`/v1/articles/${accepted.body.id}`).set(bearer(newsroom.apiKey));
        return ['verifying', 'completed'].includes(response.body.status) &&
          response.body.claims.every((claim: { status: string }) => !['pending', 'verifying'].includes(claim.status))
          ? response.body
          : null;
      }, 30000);
      expect(done.claims).toHaveLength(1);
      await waitFor(async () => (await stack.http.get('/health/ready')).status === 200, 10000); // the probe reconnects on its own
    } finally {
      await stack.close();
      await redis.stop();
    }
  });

  it('completes an extraction whose worker was killed mid-way, without duplicates', async () => {
    const stack = await startStack({ worker: false });
    const dataSource = stack.api.get(DataSource);
    // 3000 claims: above the default MAX_CLAIMS_PER_ARTICLE, and slower than the default time limit on a busy machine.
    const env = {
      JOB_LOCK_MS: '3000',
      JOB_STALLED_CHECK_MS: '1000',
      LOG_LEVEL: 'error',
      MAX_CLAIMS_PER_ARTICLE: '5000',
      EXTRACTION_TIME_LIMIT_MS: '120000',
    };
    try {
      const newsroom = await createNewsroom(stack);
      const sentences = Array.from(
        { length: 3000 },
        (_, index) => `In ${1900 + (index % 120)}, the city counted ${index * 17 + 3} new residents, up ${index % 50}%.`,
      );
      const text = sentences.join(' ');
      const accepted = await stack.http.post('/v1/articles').set(bearer(newsroom.apiKey)).send({ text }).expect(202);

      const doomed = spawnWorker(env);
      // Mid-extraction = the worker's transaction holds the article row (SKIP LOCKED then sees nothing).
      await waitFor(
        async () => {
          const rows = await dataSource.query(`SELECT id FROM articles WHERE id = $1 FOR UPDATE SKIP LOCKED`, [accepted.body.id]);
          return rows.length === 0;
        },
        120000, // a worker process starting on a busy machine
        2,
      );
      doomed.kill('SIGKILL');
      await exited(doomed);
      const [partial] = await dataSource.query(`SELECT count(*)::int AS count FROM claims WHERE article_id = $1`, [accepted.body.id]);
      expect([0, 3000]).toContain(partial.count); // all or nothing: claims are written in one transaction

      const survivor = spawnWorker(env);
      try {
        await waitFor(async () => {
          const [row] = await dataSource.query(`SELECT status FROM articles WHERE id = $1`, [accepted.body.id]);
          return ['verifying', 'completed'].includes(row.status);
        }, 150000);
        const [claims] = await dataSource.query(
          `SELECT count(*)::int AS count, count(DISTINCT seq)::int AS seqs FROM claims WHERE article_id = $1`,
          [accepted.body.id],
        );
        expect(claims).toEqual({ count: 3000, seqs: 3000 });
        const [events] = await dataSource.query(
          `SELECT count(*)::int AS count FROM claim_events e JOIN claims c ON c.id = e.claim_id WHERE c.article_id = $1 AND e.version = 1`,
          [accepted.body.id],
        );
        expect(events.count).toBe(3000);
      } finally {
        survivor.kill('SIGTERM');
        expect(await exited(survivor)).toBe(0); // graceful shutdown exits cleanly
      }
    } finally {
      await stack.close();
    }
  }, 240_000); // two worker processes start one after the other: slow on a busy machine

  it('answers 503 with Retry-After within 10 s while Postgres is down, and recovers by itself', async () => {
    const postgres = new PrivatePostgres(await sparePort());
    postgres.start();
    await runMigrations(postgres.url);
    const api = await startApi({ DATABASE_URL: postgres.url });
    const http = request(api.getHttpServer());
    try {
      const created = await http.post('/v1/admin/newsrooms').set(bearer('test-admin-key-0123456789')).send({ name: 'Desk' }).expect(201);
      postgres.stop();

      const started = Date.now();
      const down = await http.get('/v1/articles').set(bearer(created.body.apiKey));
      expect(Date.now() - started).toBeLessThan(10000);
      expect(down.status).toBe(503);
      expect(down.headers['retry-after']).toBeDefined();
      const submit = await http.post('/v1/articles').set(bearer(created.body.apiKey)).send({ text: FACTUAL });
      expect(submit.status).toBe(503);
      await http.get('/health/ready').expect(503);
      await http.get('/health/live').expect(200);

      postgres.start();
      await waitFor(async () => (await http.get('/v1/articles').set(bearer(created.body.apiKey))).status === 200, 20000, 200);
      await http.post('/v1/articles').set(bearer(created.body.apiKey)).send({ text: FACTUAL }).expect(202);
    } finally {
      await api.close();
      postgres.destroy();
    }
  }, 120_000); // a private Postgres started twice and migrated: slow on a busy machine

  it('finishes every article in flight after Postgres was down far longer than the retry backoff', async () => {
    const postgres = new PrivatePostgres(await sparePort());
    postgres.start();
    await runMigrations(postgres.url);
    // 3 attempts 50 and 100 ms apart: the outage below lasts about 25 times the whole backoff window.
    const env = { DATABASE_URL: postgres.url, JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '50' };
    const stack = await startStack({ env });
    const queues = ['extraction', 'verification'].map(
      (name) =>
        new Queue(name, { connection: redisOptions(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'), prefix: process.env.QUEUE_PREFIX }),
    );
    try {
      const newsroom = await createNewsroom(stack);
      const text = Array.from(
        { length: 30 },
        (_, n) => `In ${1990 + n}, the port handled ${n * 1300 + 7} tonnes of grain, up ${n % 9}%.`,
      ).join(' ');
      const ids: string[] = [];
      for (let n = 0; n < 20; n++) {
        ids.push((await stack.http.post('/v1/articles').set(bearer(newsroom.apiKey)).send({ text }).expect(202)).body.id);
      }
      postgres.stop(); // while the worker extracts and verifies them
      await new Promise((resolve) => setTimeout(resolve, 4000));
      postgres.start();

      const admin = new DataSource({ type: 'postgres', url: postgres.url });
      await admin.initialize();
      try {
        await waitFor(
          async () => {
            const [row] = await admin.query(
              `SELECT count(*) FILTER (WHERE a.status IN ('verifying', 'completed'))::int AS done,
                    (SELECT count(*)::int FROM claims c WHERE c.status IN ('pending', 'verifying')) AS open
               FROM articles a`,
            );
            return row.done === ids.length && row.open === 0;
          },
          120000,
          250,
        );
        const [claims] = await admin.query(
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'needs_review')::int AS review,
                  count(DISTINCT (article_id, seq))::int AS distinct_seqs FROM claims`,
        );
        expect(claims.n).toBe(ids.length * 30);
        expect(claims.distinct_seqs).toBe(claims.n);
        expect(claims.review).toBeGreaterThan(0);
        const [failed] = await admin.query(`SELECT count(*)::int AS n FROM articles WHERE status = 'failed'`);
        expect(failed.n).toBe(0);
        // Copies of one sentence share a cluster, and a cluster has one task: one open task per waiting cluster.
        const [waiting] = await admin.query(`SELECT count(DISTINCT cluster_id)::int AS n FROM claims WHERE status = 'needs_review'`);
        const [tasks] = await admin.query(
          `SELECT count(*)::int AS n, count(DISTINCT cluster_id)::int AS clusters FROM review_tasks WHERE status = 'open'`,
        );
        expect(waiting.n).toBeGreaterThan(0);
        expect(tasks).toEqual({ n: waiting.n, clusters: waiting.n });
      } finally {
        await admin.destroy();
      }
      for (const queue of queues) expect((await queue.getJobCounts('failed')).failed).toBe(0);
    } finally {
      await Promise.all(queues.map((queue) => queue.close()));
      await stack.close();
      postgres.destroy();
    }
  }, 240_000);

  it('refuses to start with a bad configuration, naming the variable', async () => {
    for (const [entry, name, value] of [
      ['main.worker.js', 'REVIEW_LEASE_SECONDS', 'soon'],
      ['main.api.js', 'DATABASE_URL', 'mysql://x'],
    ]) {
      const child = spawnEntrypoint(entry, { [name]: value });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      expect(await exited(child)).toBe(1);
      expect(stderr).toContain(`invalid configuration: ${name}`);
    }
  }, 120_000); // two processes that load the whole app before they refuse
});
