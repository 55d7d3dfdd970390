import { DataSource } from 'typeorm';
import { runMigrations } from '../../src/database/migrate';
import { bearer, createNewsroom, startApi, startStack, waitFor } from '../support/stack';
import { exited, PrivatePostgres, PrivateRedis, sparePort, spawnEntrypoint, spawnWorker } from '../support/private-services';
import request from 'supertest';

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
    const env = { JOB_LOCK_MS: '3000', LOG_LEVEL: 'error' };
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
        30000,
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
        }, 45000);
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
  });

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
  });

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
  });
});
