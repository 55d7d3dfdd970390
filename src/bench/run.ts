/**
 * `npm run bench`: the product started as in production (built JS, api and worker processes) against
 * its own database and queue prefix, each figure measured side by side with a bare baseline in the
 * same run and reported as a ratio. Writes bench/results.md and bench/results.json.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Queue, Worker } from 'bullmq';
import { Client } from 'pg';
import { createRedisClient, redisOptions } from '../queue/redis-options';
import { WEBHOOK_EVENT_TYPES } from '../webhooks/webhook-event-types';
import {
  createDatabase,
  dropDatabase,
  generateArticle,
  peakRssMiB,
  percentile,
  barePostLoop,
  cpuMs,
  loopDelayMs,
  type LoopDelay,
  monotonicUs,
  PIPELINE_WINDOW_FILE,
  postgresCpuMs,
  redisCommandCount,
  type Receiver,
  sparePort,
  startProcess,
  startReceiver,
  stopProcess,
  summarize,
  waitForHttp,
  WORKER_ENV,
  WORKER_NODE_FLAGS,
  workerCounters,
} from './bench-support';
import { statementsSent } from './review-bench';

const ADMIN_KEY = 'bench-admin-key-0123456789';
const PIPELINE_ARTICLES = Number(process.env.BENCH_ARTICLES ?? 2000);
const SEPARATE_WEBHOOK_WORKER = process.env.BENCH_WEBHOOK_WORKER === '1';
/** BENCH_WEBHOOK_THREAD=0: the one worker delivers on its main event loop (WEBHOOK_DELIVERY_THREAD=false), the layout before the thread. */
const WEBHOOK_THREAD = process.env.BENCH_WEBHOOK_THREAD !== '0';
const WORKER_LAYOUT = SEPARATE_WEBHOOK_WORKER
  ? 'webhooks in a worker process of their own (BENCH_WEBHOOK_WORKER=1)'
  : WEBHOOK_THREAD
    ? 'one worker, webhooks on its delivery thread (the default)'
    : 'one worker, one event loop (BENCH_WEBHOOK_THREAD=0)';
/** The workers' per-endpoint cap (WEBHOOK_ENDPOINT_CONCURRENCY, which they inherit; default 4): the bare loop's concurrency too. */
const ENDPOINT_CAP = Number(process.env.WEBHOOK_ENDPOINT_CONCURRENCY ?? 4);
const BARE_POSTS = `bare signed POST loop req/s (same receiver, ${ENDPOINT_CAP} at a time)`;
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
    requests: result.requests.total,
  };
}

async function benchIngest(apiBase: string, db: Client, databaseUrl: string, newsroom: { id: string; apiKey: string }, apiPid: number) {
  const body = JSON.stringify({ title: 'Bench', text: generateArticle(1) });
  const database = db.database!;
  const apiCpuBefore = cpuMs(apiPid);
  const postgresCpuBefore = await postgresCpuMs(db, database);
  const product = await cannon(
    `${apiBase}/v1/articles`,
    { Authorization: `Bearer ${newsroom.apiKey}`, 'Content-Type': 'application/json' },
    body,
  );
  // CPU per request hardly depends on the box's load, unlike req/s.
  const apiCpuPerRequest = (cpuMs(apiPid) - apiCpuBefore) / product.requests;
  const postgresCpuPerRequest = ((await postgresCpuMs(db, database)) - postgresCpuBefore) / product.requests;
  const barePort = await sparePort();
  const bare = startProcess('bench/bare-ingest-server.js', {
    DATABASE_URL: databaseUrl,
    PORT: String(barePort),
    BENCH_NEWSROOM_ID: newsroom.id,
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const bareCpuBefore = cpuMs(bare.pid!);
  const baseline = await cannon(`http://127.0.0.1:${barePort}/`, { 'Content-Type': 'application/json' }, body);
  const bareCpuPerRequest = (cpuMs(bare.pid!) - bareCpuBefore) / baseline.requests;
  const bareRss = peakRssMiB(bare.pid!);
  await stopProcess(bare);
  results.ingest = {
    'bare server peak RSS MiB (node:http + pg)': bareRss,
    'product req/s': product.rps,
    'product p50 ms': product.p50,
    'product p99 ms': product.p99,
    'product errors': product.errors,
    'api CPU ms per request': round(apiCpuPerRequest),
    'Postgres CPU ms per request (api backends)': round(postgresCpuPerRequest),
    'bare req/s': baseline.rps,
    'bare p50 ms': baseline.p50,
    'bare p99 ms': baseline.p99,
    'bare server CPU ms per request': round(bareCpuPerRequest),
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

async function benchPipeline(apiBase: string, db: Client, newsroom: { apiKey: string }, receiver: Receiver) {
  const deliveredBefore = await receiver.count();
  await receiver.resetLatencies();
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
  const deliveredDuring = (await receiver.count()) - deliveredBefore;
  const latency = summarize(await receiver.latencies());
  results.pipeline = {
    'worker layout': WORKER_LAYOUT,
    articles: PIPELINE_ARTICLES,
    claims: state.claims.total,
    'submit s': round(submitted / 1000),
    'end-to-end s': round(seconds),
    'articles/s': round(PIPELINE_ARTICLES / seconds),
    'claims/s': Math.round(state.claims.total / seconds),
    'webhook deliveries/s while the pipeline runs': Math.round(deliveredDuring / seconds),
    'event-to-delivery p50 ms (during the pipeline)': Math.round(latency.p50),
    'event-to-delivery p99 ms (during the pipeline)': Math.round(latency.p99),
  };
  return { claims: state.claims.total, seconds };
}

interface PipelineCosts {
  apiStatements: number;
  workerStatements: number;
  workerJobs: number;
  workerCpuMs: number;
  /** The worker's event-loop delay since the previous scrape of its metrics (each scrape resets it). */
  workerLoopDelay: LoopDelay;
  apiCpuMs: number;
  postgresCpuMs: number;
  redisCommands: number;
}

/** Counters of what the pipeline costs, read before and after it: per article they hardly depend on the machine's load. */
async function pipelineCosts(from: {
  apiMetrics: string;
  workerMetrics: string;
  apiPid: number;
  workerPid: number;
  db: Client;
  redis: { info(section: string): Promise<string> };
}): Promise<PipelineCosts> {
  const workerText = await (await fetch(from.workerMetrics)).text();
  const jobs = [...workerText.matchAll(/^claimflow_jobs_total\{[^}]*\} (\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  return {
    apiStatements: await statementsSent(from.apiMetrics),
    workerStatements: Number(/^claimflow_db_statements_total (\d+)/m.exec(workerText)?.[1] ?? NaN),
    workerJobs: jobs,
    workerCpuMs: cpuMs(from.workerPid),
    workerLoopDelay: loopDelayMs(workerText),
    apiCpuMs: cpuMs(from.apiPid),
    postgresCpuMs: await postgresCpuMs(from.db, from.db.database!),
    redisCommands: await redisCommandCount(from.redis),
  };
}

/** After the pipeline: every delivery sent once, every article's claims stored once (seq 0..n-1, no gaps, no repeats). */
async function pipelineChecks(db: Client, receiver: Receiver, waitedFrom: number) {
  for (;;) {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status NOT IN ('delivered', 'failed')`);
    if (rows[0].n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const drained = (Date.now() - waitedFrom) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const [deliveries] = (
    await db.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status <> 'delivered')::int AS undelivered FROM webhook_deliveries`,
    )
  ).rows;
  const [claims] = (
    await db.query(
      `SELECT coalesce(sum(GREATEST(max_seq + 1 - distinct_seqs, 0)), 0)::int AS lost, coalesce(sum(n - distinct_seqs), 0)::int AS duplicated
         FROM (SELECT max(seq) AS max_seq, count(*) AS n, count(DISTINCT seq) AS distinct_seqs
                 FROM claims c JOIN articles a ON a.id = c.article_id WHERE a.title = 'Pipeline' GROUP BY c.article_id) per_article`,
    )
  ).rows;
  Object.assign(results.pipeline, {
    'webhook deliveries in all': deliveries.total,
    'webhook backlog drained s after the pipeline': round(drained),
    'lost deliveries (not delivered)': deliveries.undelivered,
    'duplicated deliveries': await receiver.duplicates(),
    ...(await duplicateCauses(db, receiver)),
    'lost claims': claims.lost,
    'duplicated claims': claims.duplicated,
  });
}

/**
 * Where the receiver's duplicates come from, by what Postgres counted for their deliveries: a copy
 * beyond the attempts counted is a send nobody claimed (a transport re-send, two rows of one event);
 * otherwise a later attempt was claimed although an earlier one had reached the receiver (a recorded
 * failure that was not one, or a claim that lapsed with its outcome unrecorded: the span tells them
 * apart, a lapse waits out the 75 s lease, a retry the 5 s first delay).
 */
async function duplicateCauses(db: Client, receiver: Receiver) {
  const duplicated = await receiver.duplicated();
  const { rows } = await db.query<{ event_id: string; attempts: number }>(
    `SELECT event_id, sum(attempts)::int AS attempts FROM webhook_deliveries WHERE event_id = ANY($1::text[]) GROUP BY event_id`,
    [duplicated.map((entry) => entry.id)],
  );
  const attempts = new Map(rows.map((row) => [row.event_id, row.attempts]));
  let uncounted = 0;
  let counted = 0;
  for (const entry of duplicated) {
    const made = attempts.get(entry.id) ?? 0;
    uncounted += Math.max(0, entry.copies - made);
    counted += Math.min(entry.copies, made) - 1;
  }
  const [totals] = (await db.query<{ attempts: number }>(`SELECT coalesce(sum(attempts), 0)::int AS attempts FROM webhook_deliveries`))
    .rows;
  const spans = duplicated.map((entry) => entry.spanMs).sort((a, b) => a - b);
  return {
    'duplicates from a later counted attempt (recorded failure or lapsed claim)': counted,
    'duplicates beyond the attempts counted (a send nobody counted)': uncounted,
    'duplicates: first to last copy p50 / max s':
      duplicated.length === 0 ? '-' : `${round(percentile(spans, 50) / 1000)} / ${round(spans[spans.length - 1] / 1000)}`,
    'webhook POSTs received / attempts counted': `${await receiver.productCount()} / ${totals.attempts}`,
  };
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
    'worker CPU ms per delivery': number(/worker CPU per delivery: ([\d.]+) ms/),
    'webhooks job runs per delivery': number(/job runs per delivery: ([\d.]+)/),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The table: each figure beside its bare baseline, and the consistency checks. */
function summary(): string[] {
  const p = results.pipeline ?? {};
  const i = results.ingest ?? {};
  const r = results.reviewers ?? {};
  const num = (value: unknown) => Number(value);
  const ratio = (a: unknown, b: unknown) => (Number.isFinite(num(a) / num(b)) ? round(num(a) / num(b)).toFixed(2) : '');
  const bareArticles = num(p['bare BullMQ no-op jobs/s']) / 2;
  const rows: Array<[string, string | number | undefined, string, string]> = [
    [
      'pipeline articles/s (submit to every claim past verifying), webhook endpoint on every event',
      p['articles/s'],
      `${Math.round(bareArticles)} (BullMQ no-op jobs/s ÷ 2 jobs per article)`,
      ratio(p['articles/s'], bareArticles),
    ],
    [
      'webhook deliveries/s while the pipeline runs',
      `${p['webhook deliveries/s while the pipeline runs']} (event-to-delivery p50 ${p['event-to-delivery p50 ms (during the pipeline)']} / p99 ${p['event-to-delivery p99 ms (during the pipeline)']} ms)`,
      `${p[BARE_POSTS]} (signed POST loop, same receiver)`,
      ratio(p['webhook deliveries/s while the pipeline runs'], p[BARE_POSTS]),
    ],
    [
      'worker event-loop delay during the pipeline, p50 / p99 / max ms',
      `${p['worker event-loop delay p50 ms (during the pipeline)']} / ${p['worker event-loop delay p99 ms (during the pipeline)']} / ${p['worker event-loop delay max ms (during the pipeline)']}`,
      '',
      '',
    ],
    [
      'review tasks/s, 50 reviewers back to back',
      `${r.claimNextTasksPerSecond} (p50 ${r.claimNextP50Ms} / p99 ${r.claimNextP99Ms} ms, ${r.claimNextStatements} statements each)`,
      `${r.bareClaimNextTasksPerSecond} (bare SKIP LOCKED lease + update)`,
      ratio(r.claimNextTasksPerSecond, r.bareClaimNextTasksPerSecond),
    ],
    ['claim-next, 50 reviewers once a second each (open loop), p50 / p99 ms', `${r.openLoopP50Ms} / ${r.openLoopP99Ms}`, '', ''],
    [
      'ingest req/s, 32 connections',
      `${i['product req/s']} (p50 ${i['product p50 ms']} / p99 ${i['product p99 ms']} ms)`,
      `${i['bare req/s']} (node:http + one transaction)`,
      ratio(i['product req/s'], i['bare req/s']),
    ],
    [
      'worker peak RSS MiB',
      results.memory?.['worker peak RSS MiB'],
      `${i['bare server peak RSS MiB (node:http + pg)']} (the bare ingest server)`,
      '',
    ],
  ];
  const checks = [
    `double assignments ${num(r.claimNextDoubleAssignments) + num(r.openLoopDoubleAssignments)}`,
    `lost claims ${p['lost claims']}`,
    `duplicated claims ${p['duplicated claims']}`,
    `lost deliveries ${p['lost deliveries (not delivered)']}`,
    `duplicated deliveries ${p['duplicated deliveries']}`,
  ];
  return [
    '## summary',
    '',
    `Load average (1/5/15 min) at the end of the run: ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' / ')} on ${cpus().length} cores.`,
    '',
    '| figure | product | bare baseline | ratio |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row.map((cell) => String(cell ?? '')).join(' | ')} |`),
    '',
    `Checks: ${checks.join(', ')}.`,
    '',
  ];
}

function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${new Date().toISOString()}`;
}

function report(): void {
  const lines = ['# claimflow benchmark', '', `Machine: ${machine()}`, '', ...summary()];
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
    // The pipeline's webhook endpoint is a receiver on this machine.
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    // The limiter still runs on every request (its Redis round trip is part of the figure) but never refuses the load generator.
    RATE_LIMIT_PER_KEY: '10000000',
    RATE_LIMIT_PER_NEWSROOM: '10000000',
  };
  const apiBase = `http://127.0.0.1:${port}`;
  const api = startProcess('main.api.js', env);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await waitForHttp(`${apiBase}/health/live`, 120_000); // a loaded box starts the api slowly
    const newsroom = (await post(apiBase, '/v1/admin/newsrooms', ADMIN_KEY, { name: 'Bench desk' })) as { id: string; apiKey: string };
    if (ONLY.has('ingest')) {
      console.error('ingest ...');
      await benchIngest(apiBase, db, databaseUrl, { id: newsroom.id, apiKey: newsroom.apiKey }, api.pid!);
      await db.query(`DELETE FROM outbox`);
      await db.query(`DELETE FROM articles`);
      // The pipeline starts on clean tables, not behind a vacuum of the ingest run's dead rows.
      await db.query(`VACUUM ANALYZE articles, article_events, outbox`);
    }
    if (ONLY.has('pipeline')) await benchPipelineSection(apiBase, db, newsroom, redisUrl, prefix, env, api.pid!);
  } finally {
    await stopProcess(api);
    await db.end();
    // BENCH_KEEP_DB=1 keeps the bench's database for a look at its rows afterwards (dropped otherwise).
    if (process.env.BENCH_KEEP_DB === '1') console.error(`database kept: ${dbName}`);
    else await dropDatabase(adminUrl, dbName);
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
  const receiver = await startReceiver();
  const redis = createRedisClient(redisUrl);
  // As newsrooms have: one endpoint subscribed to every event.
  await post(apiBase, '/v1/webhooks', newsroom.apiKey, { url: receiver.url, events: [...WEBHOOK_EVENT_TYPES] });
  const workerMetricsPort = await sparePort();
  const webhookMetricsPort = SEPARATE_WEBHOOK_WORKER ? await sparePort() : workerMetricsPort;
  // BENCH_WEBHOOK_WORKER=1: delivery in a worker process of its own (WORKER_QUEUES), the layout docs/operations.md advises.
  const webhookWorker = SEPARATE_WEBHOOK_WORKER
    ? startProcess(
        'main.worker.js',
        { ...env, ...WORKER_ENV, WORKER_QUEUES: 'webhooks', WORKER_METRICS_PORT: String(webhookMetricsPort) },
        WORKER_NODE_FLAGS,
      )
    : null;
  const worker = startProcess(
    'main.worker.js',
    {
      ...env,
      ...WORKER_ENV,
      ...(webhookWorker ? { WORKER_QUEUES: 'extraction,verification' } : {}),
      ...(WEBHOOK_THREAD ? {} : { WEBHOOK_DELIVERY_THREAD: 'false' }),
      WORKER_METRICS_PORT: String(workerMetricsPort),
      ...(process.env.BENCH_WORKER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_WORKER_NODE_OPTIONS } : {}),
    },
    WORKER_NODE_FLAGS,
  );
  try {
    const apiMetrics = `${apiBase}/metrics`;
    const workerMetrics = `http://127.0.0.1:${workerMetricsPort}/metrics`;
    // The worker serves its metrics once its queues and processors are up.
    await waitForHttp(workerMetrics, 60_000);
    console.error('pipeline ...');
    const webhookMetrics = `http://127.0.0.1:${webhookMetricsPort}/metrics`;
    if (webhookWorker) await waitForHttp(webhookMetrics, 60_000);
    const costs = () => pipelineCosts({ apiMetrics, workerMetrics, apiPid, workerPid: worker.pid!, db, redis });
    const before = await costs();
    const webhooksBefore = await workerCounters(webhookMetrics);
    const deliveredBefore = await receiver.count();
    const pipelineStartUs = monotonicUs();
    const pipeline = await benchPipeline(apiBase, db, newsroom, receiver);
    // With BENCH_CPU_PROF, profile-busy reads the pipeline's time span from here (the profiles' clock).
    if (process.env.BENCH_CPU_PROF)
      writeFileSync(
        join(process.env.BENCH_CPU_PROF, PIPELINE_WINDOW_FILE),
        JSON.stringify({ startUs: pipelineStartUs, endUs: monotonicUs() }),
      );
    // The scrape in `before` reset the worker's loop-delay histogram: this one covers the pipeline alone.
    const afterPipeline = await costs();
    Object.assign(results.pipeline, {
      'worker event-loop delay p50 ms (during the pipeline)': afterPipeline.workerLoopDelay.p50,
      'worker event-loop delay p99 ms (during the pipeline)': afterPipeline.workerLoopDelay.p99,
      'worker event-loop delay max ms (during the pipeline)': afterPipeline.workerLoopDelay.max,
    });
    await pipelineChecks(db, receiver, Date.now());
    const after = await costs();
    const perArticle = (key: Exclude<keyof PipelineCosts, 'workerLoopDelay'>, end = after) =>
      round((end[key] - before[key]) / PIPELINE_ARTICLES);
    const webhooksAfter = await workerCounters(webhookMetrics);
    const delivered = (await receiver.count()) - deliveredBefore;
    Object.assign(results.pipeline, {
      'webhooks job runs per delivery': round((webhooksAfter.jobRuns - webhooksBefore.jobRuns) / delivered),
      // Only a worker of its own (BENCH_WEBHOOK_WORKER=1) spends its CPU on deliveries alone.
      ...(webhookWorker
        ? {
            'webhook worker CPU ms per delivery': round(((webhooksAfter.cpuSeconds - webhooksBefore.cpuSeconds) * 1000) / delivered),
            'webhook worker statements per delivery': round((webhooksAfter.statements - webhooksBefore.statements) / delivered),
          }
        : {}),
    });
    Object.assign(results.pipeline, {
      'api statements per article': perArticle('apiStatements'),
      'worker statements per article': perArticle('workerStatements'),
      'worker jobs run per article (all queues)': perArticle('workerJobs'),
      'worker CPU ms per article (until every claim is past verifying)': perArticle('workerCpuMs', afterPipeline),
      'worker CPU ms per article (until every delivery is sent)': perArticle('workerCpuMs'),
      'api CPU ms per article': perArticle('apiCpuMs'),
      'Postgres backend CPU ms per article': perArticle('postgresCpuMs'),
      'Redis commands per article (every client of this Redis)': perArticle('redisCommands'),
    });
    console.error('single-article latency ...');
    await benchSingleArticleLatency(apiBase, db, newsroom);
    results.memory = {
      'api peak RSS MiB': peakRssMiB(apiPid),
      'worker peak RSS MiB': peakRssMiB(worker.pid!),
      ...(webhookWorker ? { 'webhook worker peak RSS MiB': peakRssMiB(webhookWorker.pid!) } : {}),
    };
    await stopProcess(worker);

    console.error('bare baselines ...');
    const sampleBody = JSON.stringify({ type: 'claim.status_changed', timestamp: new Date().toISOString(), data: {} });
    // At the product's per-endpoint cap: the same concurrency to the same receiver (a process of its own for both).
    const barePosts = await barePostLoop(receiver.url, sampleBody, 5000, ENDPOINT_CAP);
    Object.assign(results.pipeline, {
      [BARE_POSTS]: Math.round(barePosts),
      'ratio deliveries (product/bare POST loop)': round(
        Number(results.pipeline['webhook deliveries/s while the pipeline runs']) / barePosts,
      ),
    });
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
    if (webhookWorker) await stopProcess(webhookWorker);
    await receiver.close();
    redis.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
