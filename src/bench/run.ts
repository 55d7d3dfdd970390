/**
 * `npm run bench`: the product started as in production (built JS, api and worker processes) against
 * its own database and queue prefix, each figure measured side by side with a bare baseline in the
 * same run and reported as a ratio. Writes bench/results.md and bench/results.json.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Queue, Worker } from 'bullmq';
import { Client } from 'pg';
import { redisOptions } from '../queue/redis-options';
import {
  createDatabase,
  dropDatabase,
  generateArticle,
  peakRssMiB,
  sparePort,
  startProcess,
  stopProcess,
  summarize,
  waitForHttp,
} from './bench-support';

const ADMIN_KEY = 'bench-admin-key-0123456789';
const PIPELINE_ARTICLES = Number(process.env.BENCH_ARTICLES ?? 2000);
const INGEST_SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 10);
const CONNECTIONS = 32;

const SECTIONS = ['ingest', 'pipeline', 'reviewers', 'webhooks'] as const;
/** BENCH_ONLY=ingest,pipeline runs only those sections (for profiling); results files are written only by a full run. */
const ONLY = new Set((process.env.BENCH_ONLY ?? SECTIONS.join(',')).split(',').map((name) => name.trim()));
const FULL_RUN = SECTIONS.every((name) => ONLY.has(name));

type Figures = Record<string, number | string>;
const results: Record<string, Figures> = {};

async function post(base: string, path: string, key: string, body: unknown): Promise<Record<string, string>> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} -> ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, string>;
}

async function cannon(url: string, headers: Record<string, string>, body: string) {
  const result = await autocannon({ url, method: 'POST', connections: CONNECTIONS, duration: INGEST_SECONDS, headers, body });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
  };
}

async function benchIngest(apiBase: string, databaseUrl: string, newsroom: { id: string; apiKey: string }) {
  const body = JSON.stringify({ title: 'Bench', text: generateArticle(1) });
  const product = await cannon(
    `${apiBase}/v1/articles`,
    { Authorization: `Bearer ${newsroom.apiKey}`, 'Content-Type': 'application/json' },
    body,
  );
  const barePort = await sparePort();
  const bare = startProcess('bench/bare-ingest-server.js', {
    DATABASE_URL: databaseUrl,
    PORT: String(barePort),
    BENCH_NEWSROOM_ID: newsroom.id,
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const baseline = await cannon(`http://127.0.0.1:${barePort}/`, { 'Content-Type': 'application/json' }, body);
  await stopProcess(bare);
  results.ingest = {
    'product req/s': product.rps,
    'product p50 ms': product.p50,
    'product p99 ms': product.p99,
    'product errors': product.errors,
    'bare req/s': baseline.rps,
    'bare p50 ms': baseline.p50,
    'bare p99 ms': baseline.p99,
    'ratio (product/bare)': round(product.rps / baseline.rps),
  };
}

async function counts(db: Client) {
  const [articles] = (
    await db.query(
      `SELECT count(*) FILTER (WHERE status IN ('received', 'extracting'))::int AS waiting, count(*)::int AS total FROM articles WHERE title = 'Pipeline'`,
    )
  ).rows;
  const [claims] = (
    await db.query(
      `SELECT count(*) FILTER (WHERE c.status IN ('pending', 'verifying'))::int AS waiting, count(*)::int AS total FROM claims c JOIN articles a ON a.id = c.article_id WHERE a.title = 'Pipeline'`,
    )
  ).rows;
  return { articles, claims };
}

async function benchPipeline(apiBase: string, db: Client, newsroom: { apiKey: string }) {
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < PIPELINE_ARTICLES) {
        const seed = next++;
        await post(apiBase, '/v1/articles', newsroom.apiKey, { title: 'Pipeline', text: generateArticle(seed + 100) });
      }
    }),
  );
  const submitted = Date.now() - started;
  let state = await counts(db);
  while (state.articles.waiting > 0 || state.claims.waiting > 0 || state.articles.total < PIPELINE_ARTICLES) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    state = await counts(db);
  }
  const seconds = (Date.now() - started) / 1000;
  results.pipeline = {
    articles: PIPELINE_ARTICLES,
    claims: state.claims.total,
    'submit s': round(submitted / 1000),
    'end-to-end s': round(seconds),
    'articles/s': round(PIPELINE_ARTICLES / seconds),
    'claims/s': Math.round(state.claims.total / seconds),
  };
  return { claims: state.claims.total, seconds };
}

async function benchSingleArticleLatency(apiBase: string, db: Client, newsroom: { apiKey: string }) {
  const samples: number[] = [];
  for (let index = 0; index < 40; index += 1) {
    const started = performance.now();
    const { id } = await post(apiBase, '/v1/articles', newsroom.apiKey, { title: 'Latency', text: generateArticle(index + 10_000) });
    for (;;) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM claims WHERE article_id = $1`, [id]);
      if (rows[0].n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    samples.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { p50, p99 } = summarize(samples);
  results.latency = { 'submit to claims p50 ms': round(p50), 'submit to claims p99 ms': round(p99), samples: samples.length };
}

/** The limit of the queue on this machine: no-op jobs through BullMQ with the same job count. */
async function bareQueue(redisUrl: string, prefix: string, jobs: number) {
  const connection = redisOptions(redisUrl);
  const queue = new Queue('bare-noop', { connection, prefix });
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const started = Date.now();
  for (let offset = 0; offset < jobs; offset += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, jobs - offset) }, (_, index) => ({
        name: 'noop',
        data: { id: offset + index },
        opts: { removeOnComplete: true },
      })),
    );
  }
  const worker = new Worker('bare-noop', async () => undefined, { connection, prefix, concurrency: 8 });
  worker.on('completed', () => {
    done += 1;
    if (done === jobs) finish();
  });
  await finished;
  const seconds = (Date.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return jobs / seconds;
}

/** The limit of Postgres on this machine: the same article and claim rows as one bulk insert each. */
async function bareInsert(db: Client, newsroomId: string, articles: number, claimsPerArticle: number) {
  const started = Date.now();
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO articles (id, newsroom_id, status, title, source_format, text)
     SELECT gen_random_uuid(), $1, 'verifying', 'Bare', 'text', repeat('x', 2000) FROM generate_series(1, $2)`,
    [newsroomId, articles],
  );
  await db.query(
    `INSERT INTO claims (id, article_id, newsroom_id, seq, text, start_offset, end_offset, checkworthiness, language, status)
     SELECT gen_random_uuid(), a.id, a.newsroom_id, s, 'In Oslo, rents rose to 12% in 2020, officials said.', 0, 50, 0.9, 'en', 'needs_review'
       FROM articles a CROSS JOIN generate_series(1, $1) s WHERE a.title = 'Bare'`,
    [claimsPerArticle],
  );
  await db.query('COMMIT');
  const seconds = (Date.now() - started) / 1000;
  await db.query(`DELETE FROM articles WHERE title = 'Bare'`);
  return (articles * claimsPerArticle) / seconds;
}

/** Runs a companion bench script (its own database and prefix) and returns its standard output. */
function runScript(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, script)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${script} exited with ${code}`))));
  });
}

async function benchReviewers(): Promise<void> {
  // The library is searched at 14,000 and 200,000 items to keep `npm run bench` under 5 minutes;
  // `BENCH_LIBRARY_ONLY=1 node dist-tools/bench/review-bench.js` adds 1,000,000 (bench/library-results.json).
  const rows = process.env.BENCH_LIBRARY_ROWS ?? '200000';
  const output = await runScript('review-bench.js', { BENCH_LIBRARY_ROWS: rows });
  const figures = JSON.parse(output.slice(output.indexOf('{'))) as Figures;
  results.reviewers = { ...figures, 'library rows': Number(rows) };
}

async function benchWebhooks(): Promise<void> {
  const output = await runScript('webhook-bench.js', { BENCH_EVENTS: process.env.BENCH_EVENTS ?? '3000' });
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? NaN);
  const product = number(/claimflow deliveries[^:]*: (\d+)/);
  const bare = number(/bare HTTP POST loop[^:]*: (\d+)/);
  results.webhooks = {
    'deliveries/s': product,
    'bare POST loop req/s': bare,
    'ratio (product/bare)': round(product / bare),
    'events recorded/s': number(/recording[^:]*: (\d+)/),
    'event-to-delivery p50 ms': number(/latency: p50 (\d+) ms/),
    'event-to-delivery p99 ms': number(/latency:.*p99 (\d+) ms/),
    'duplicated deliveries': number(/duplicated: (\d+)/),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${new Date().toISOString()}`;
}

function report(): void {
  const lines = ['# claimflow benchmark', '', `Machine: ${machine()}`, ''];
  for (const [section, figures] of Object.entries(results)) {
    lines.push(`## ${section}`, '', '| figure | value |', '| --- | ---: |');
    for (const [name, value] of Object.entries(figures)) lines.push(`| ${name} | ${value} |`);
    lines.push('');
  }
  if (!FULL_RUN) return void console.log(lines.join('\n'));
  const dir = join(process.cwd(), 'bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.md'), lines.join('\n'));
  writeFileSync(join(dir, 'results.json'), JSON.stringify({ machine: machine(), results }, null, 2) + '\n');
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  const runId = `${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const adminUrl = process.env.BENCH_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const dbName = `claimflow_bench_${runId}`;
  const prefix = `{cfbench_${runId}}`;
  const databaseUrl = await createDatabase(adminUrl, dbName);
  const port = await sparePort();
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'warn',
    PORT: String(port),
  };
  const apiBase = `http://127.0.0.1:${port}`;
  const api = startProcess('main.api.js', env);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await waitForHttp(`${apiBase}/health/live`);
    const newsroom = (await post(apiBase, '/v1/admin/newsrooms', ADMIN_KEY, { name: 'Bench desk' })) as { id: string; apiKey: string };
    if (ONLY.has('ingest')) {
      console.error('ingest ...');
      await benchIngest(apiBase, databaseUrl, { id: newsroom.id, apiKey: newsroom.apiKey });
      await db.query(`DELETE FROM outbox`);
      await db.query(`DELETE FROM articles`);
      // The pipeline starts on clean tables, not behind a vacuum of the ingest run's dead rows.
      await db.query(`VACUUM ANALYZE articles, article_events, outbox`);
    }
    if (ONLY.has('pipeline')) await benchPipelineSection(apiBase, db, newsroom, redisUrl, prefix, env, api.pid!);
  } finally {
    await stopProcess(api);
    await db.end();
    await dropDatabase(adminUrl, dbName);
  }
  if (ONLY.has('reviewers')) {
    console.error('reviewers ...');
    await benchReviewers();
  }
  if (ONLY.has('webhooks')) {
    console.error('webhooks ...');
    await benchWebhooks();
  }
  report();
}

async function benchPipelineSection(
  apiBase: string,
  db: Client,
  newsroom: { id: string; apiKey: string },
  redisUrl: string,
  prefix: string,
  env: Record<string, string>,
  apiPid: number,
): Promise<void> {
  const worker = startProcess('main.worker.js', env);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    console.error('pipeline ...');
    const pipeline = await benchPipeline(apiBase, db, newsroom);
    console.error('single-article latency ...');
    await benchSingleArticleLatency(apiBase, db, newsroom);
    results.memory = { 'api peak RSS MiB': peakRssMiB(apiPid), 'worker peak RSS MiB': peakRssMiB(worker.pid!) };
    await stopProcess(worker);

    console.error('bare baselines ...');
    // One extraction job per article and one batched verification job per article with check-worthy claims.
    const jobsPerArticle = 2;
    const queueJobsPerSecond = await bareQueue(redisUrl, prefix, Math.round(PIPELINE_ARTICLES * jobsPerArticle));
    const insertClaimsPerSecond = await bareInsert(db, newsroom.id, PIPELINE_ARTICLES, Math.round(pipeline.claims / PIPELINE_ARTICLES));
    const productJobsPerSecond = (PIPELINE_ARTICLES * jobsPerArticle) / pipeline.seconds;
    Object.assign(results.pipeline, {
      'jobs/s (extraction + verification)': Math.round(productJobsPerSecond),
      'bare BullMQ no-op jobs/s': Math.round(queueJobsPerSecond),
      'ratio jobs (product/bare queue)': round(productJobsPerSecond / queueJobsPerSecond),
      'bare bulk insert claims/s': Math.round(insertClaimsPerSecond),
      'ratio claims (product/bare insert)': round(pipeline.claims / pipeline.seconds / insertClaimsPerSecond),
    });
  } finally {
    await stopProcess(worker);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
