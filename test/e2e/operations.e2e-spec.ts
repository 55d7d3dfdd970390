import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { sparePort } from '../support/private-services';
import { ADMIN_KEY, bearer, createNewsroom, createReviewer, waitFor, withStack } from '../support/stack';

const ARTICLE = 'Inflation rose to 7.5% in 2022, the statistics office said. Unemployment fell to 4.1% last year.';

describe("operator's view: queue board, request ids, queue and job metrics", () => {
  const stack = withStack();
  let newsroom: { id: string; apiKey: string };

  beforeAll(async () => {
    newsroom = await createNewsroom(stack, 'Ops Desk');
  });

  it('serves Bull Board at /admin/queues to the admin key only', async () => {
    const anonymous = await stack.http.get('/admin/queues').expect(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect(anonymous.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    await stack.http.get('/admin/queues/api/queues').expect(401);
    await stack.http.get('/admin/queues').set(bearer('not-a-key-at-all-0123456789')).expect(401);
    await stack.http.get('/admin/queues').set(bearer(newsroom.apiKey)).expect(403);
    const reviewer = await createReviewer(stack, 'Rita', ['en']);
    await stack.http.get('/admin/queues/api/queues').set(bearer(reviewer.apiKey)).expect(403);

    const page = await stack.http.get('/admin/queues').set(bearer(ADMIN_KEY)).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const queues = await stack.http.get('/admin/queues/api/queues').set(bearer(ADMIN_KEY)).expect(200);
    expect(queues.body.queues.map((queue: { name: string }) => queue.name).sort()).toEqual(['extraction', 'verification', 'webhooks']);
    // A browser's Basic prompt: any user name, the admin key as password.
    const basic = `Basic ${Buffer.from(`admin:${ADMIN_KEY}`).toString('base64')}`;
    await stack.http.get('/admin/queues').set('Authorization', basic).expect(200);
    await stack.http
      .get('/admin/queues')
      .set('Authorization', `Basic ${Buffer.from('admin:wrong').toString('base64')}`)
      .expect(401);
  });

  it("echoes the caller's X-Request-Id, or gives the request a fresh one", async () => {
    const given = await stack.http.get('/health/live').set('X-Request-Id', 'cms-7f3a-0001').expect(200);
    expect(given.headers['x-request-id']).toBe('cms-7f3a-0001');
    const fresh = await stack.http.get('/health/live').expect(200);
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unusable = await stack.http.get('/health/live').set('X-Request-Id', 'has spaces in it').expect(200);
    expect(unusable.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // Refused before routing (not JSON): the answer still carries its id.
    const refused = await stack.http
      .post('/v1/articles')
      .set(bearer(newsroom.apiKey))
      .set('X-Request-Id', 'cms-7f3a-0002')
      .set('Content-Type', 'text/plain')
      .send('hello')
      .expect(415);
    expect(refused.headers['x-request-id']).toBe('cms-7f3a-0002');
  });

  it('reports jobs per queue and state, claims per status, and job durations and attempts in /metrics', async () => {
    const submitted = await stack.http.post('/v1/articles').set(bearer(newsroom.apiKey)).send({ text: ARTICLE }).expect(202);
    await waitFor(async () => {
      const article = await stack.http.get(`/v1/articles/${submitted.body.id}`).set(bearer(newsroom.apiKey)).expect(200);
      return article.body.claims.length > 0 && article.body.claims.every((claim: { status: string }) => claim.status !== 'pending');
    });
    const text = await waitFor(async () => {
      const metrics = (await stack.http.get('/metrics').expect(200)).text;
      return /claimflow_job_duration_seconds_count\{queue="verification",job="verify-claims",outcome="completed"\} [1-9]/.test(metrics)
        ? metrics
        : null;
    });
    for (const queue of ['extraction', 'verification', 'webhooks']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(text).toMatch(new RegExp(`^claimflow_queue_jobs\\{queue="${queue}",state="${state}"\\} \\d+$`, 'm'));
      }
    }
    expect(text).toMatch(/^claimflow_job_duration_seconds_count\{queue="extraction",job="extract-article",outcome="completed"\} [1-9]/m);
    expect(text).toMatch(/^claimflow_job_attempts_bucket\{le="1",queue="extraction",job="extract-article",outcome="completed"\} [1-9]/m);
    expect(text).toMatch(/^claimflow_jobs_total\{queue="extraction",job="extract-article",outcome="completed"\} [1-9]/m);
    const claims = Object.fromEntries(
      [...text.matchAll(/^claimflow_claims\{status="(\w+)"\} (\d+)$/gm)].map(([, status, n]) => [status, Number(n)]),
    );
    expect(Object.keys(claims).sort()).toEqual([
      'dismissed',
      'in_review',
      'needs_review',
      'not_checkworthy',
      'pending',
      'verified',
      'verifying',
    ]);
    expect(claims.needs_review + claims.not_checkworthy).toBeGreaterThan(0);
  });
});

describe('npm start on a server without the database: creates it, migrates, serves, and logs JSON lines', () => {
  let child: ChildProcess;
  const lines: Record<string, unknown>[] = [];
  let port: number;
  let databaseUrl: string;
  let database: string;
  const server = () => new Client({ connectionString: `${new URL('/postgres', databaseUrl)}` });

  beforeAll(async () => {
    databaseUrl = `${process.env.DATABASE_URL}_fresh`; // this file's own database (set in beforeAll) + a suffix
    database = new URL(databaseUrl).pathname.slice(1);
    const main = join(__dirname, '../../dist/main.js');
    if (!existsSync(main)) throw new Error('dist/main.js is missing: run `npm run build` first (npm test does it in pretest)');
    port = await sparePort();
    child = spawn(process.execPath, [main], {
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'info', NODE_ENV: 'test', WORKER_METRICS_PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const complete = buffered.split('\n');
      buffered = complete.pop()!;
      for (const line of complete) lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    // Creating the database, migrating it and booting both roles in one process: slow on a loaded box.
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${port}/health/live`).then(
          (response) => response.ok,
          () => false,
        ),
      90_000,
    );
  }, 120_000);
  afterAll(async () => {
    if (child.exitCode === null) {
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      });
    }
    const admin = server();
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('created the missing database and applied every migration before serving', async () => {
    expect(lines.find((line) => line.msg === `created database ${database}`)).toBeDefined();
    const applied = lines.find((line) => Array.isArray(line.migrations));
    expect((applied?.migrations as string[]).length).toBeGreaterThanOrEqual(6);
    const admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    const { rows } = await admin.query<{ count: number }>('SELECT count(*)::int AS count FROM migrations');
    await admin.end();
    expect(rows[0].count).toBe((applied?.migrations as string[]).length);
  });

  it('writes JSON lines: a reqId on HTTP lines, the job and its ids on job lines', async () => {
    const http = request(`http://127.0.0.1:${port}`);
    const newsroom = await http.post('/v1/admin/newsrooms').set(bearer(ADMIN_KEY)).send({ name: 'Log Desk' }).expect(201);
    const submitted = await http
      .post('/v1/articles')
      .set(bearer(newsroom.body.apiKey))
      .set('X-Request-Id', 'log-test-0001')
      .send({ text: ARTICLE })
      .expect(202);
    const articleId = submitted.body.id as string;
    const extracted = await waitFor(async () =>
      lines.find((line) => line.msg === 'job completed' && line.job === 'extract-article' && line.articleId === articleId),
    );
    expect(extracted).toMatchObject({ level: 'info', queue: 'extraction', jobId: `article-${articleId}`, attempt: 1 });
    expect(extracted.durationMs).toEqual(expect.any(Number));
    const verified = await waitFor(async () => lines.find((line) => line.job === 'verify-claims' && line.articleId === articleId));
    expect(verified).toMatchObject({ queue: 'verification', jobId: `article-${articleId}-claims` });

    const requestLine = lines.find((line) => line.reqId === 'log-test-0001');
    expect(requestLine).toMatchObject({ level: 'info', req: { method: 'POST', url: '/v1/articles' }, res: { statusCode: 202 } });
    expect(JSON.stringify(requestLine)).not.toContain(newsroom.body.apiKey); // headers (API keys) are never logged
    for (const line of lines) expect(line).toMatchObject({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: expect.any(String) });
  });
});
