/**
 * Review desk benchmark: claim-next under 50 concurrent reviewers (closed loop, then open loop), their
 * verdicts on the tasks they were handed, the desk back to back (claim-next then verdict, review tasks
 * done per second), statements per claim-next and per verdict, and fact-check search at 1,000,000
 * library rows (BENCH_LIBRARY_ROWS; 0 skips the library). BENCH_REVIEW_TASKS: tasks per phase (default 2000).
 * Everything runs in its own throwaway database (created on the server of
 * `databaseUrl`, dropped at the end) behind the built API started as its own process (as production
 * runs it), so real data is never touched; `apiBaseUrl` is accepted for symmetry and not used.
 *
 *   npm run build:tools && node dist-tools/bench/review-bench.js     (DATABASE_URL / REDIS_URL from the environment)
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { Client } from 'pg';
import { runMigrations } from '../database/migrate';
import { cpuMs, percentile, postgresCpuMs, sparePort, startProcess, stopProcess, waitForHttp } from './bench-support';
import { loadVocabulary, paraphrase, randomSentence, skewedSentence } from './library-text';
import { seedLibrary } from './library-seed';

export interface ReviewBenchOptions {
  databaseUrl: string;
  redisUrl: string;
  apiBaseUrl?: string;
  tasks?: number;
  reviewers?: number;
  libraryRows?: number;
  searches?: number;
}

export async function runReviewBench(opts: ReviewBenchOptions): Promise<Record<string, number>> {
  const tasks = opts.tasks ?? 2000;
  const reviewerCount = opts.reviewers ?? 50;
  const libraryRows = opts.libraryRows ?? 1_000_000;
  const searches = opts.searches ?? 200;
  const server = new URL(opts.databaseUrl);
  const database = `claimflow_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: withDatabase(server, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const databaseUrl = withDatabase(server, database);
  const adminKey = `bench-admin-${randomBytes(12).toString('hex')}`;
  await runMigrations(databaseUrl);
  const port = await sparePort();
  const apiProcess = startProcess('main.api.js', {
    DATABASE_URL: databaseUrl,
    REDIS_URL: opts.redisUrl,
    ADMIN_API_KEY: adminKey,
    LOG_LEVEL: 'error',
    QUEUE_PREFIX: `{${database}}`,
    PORT: String(port),
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/health/live`);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const results: Record<string, number> = {};
    // BENCH_LIBRARY_ONLY=1 measures only the library (the million-row run takes long enough on its own).
    if (process.env.BENCH_LIBRARY_ONLY !== '1') {
      console.error('review bench: claim-next ...');
      const cpu = { api: () => cpuMs(apiProcess.pid!), postgres: () => postgresCpuMs(db, database) };
      Object.assign(results, await benchClaimNext(base, db, adminKey, tasks, reviewerCount, databaseUrl, cpu));
    }
    // BENCH_LIBRARY_ROWS=0 skips the library (the claim-next and verdict figures alone).
    if (libraryRows > 0) {
      console.error(`review bench: library of ${libraryRows} rows ...`);
      Object.assign(results, await benchLibrary(base, db, adminKey, libraryRows, searches));
    }
    return results;
  } finally {
    await db.end();
    await stopProcess(apiProcess);
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

/** Entry point used by `npm run bench` (src/bench/run.ts). */
export function runBench(options: { databaseUrl: string; redisUrl: string; apiBaseUrl?: string }): Promise<Record<string, number>> {
  return runReviewBench(options);
}

/** CPU ms used so far by the API process and by the database's backends (a closed connection's share is lost). */
interface CpuMeters {
  api: () => number;
  postgres: () => Promise<number>;
}

/** CPU ms (API, Postgres) spent while `work` runs. */
async function cpuDuring<T>(cpu: CpuMeters, work: () => Promise<T>): Promise<{ result: T; apiMs: number; postgresMs: number }> {
  const [api, postgres] = [cpu.api(), await cpu.postgres()];
  const result = await work();
  return { result, apiMs: cpu.api() - api, postgresMs: (await cpu.postgres()) - postgres };
}

async function benchClaimNext(
  base: string,
  db: Client,
  adminKey: string,
  tasks: number,
  reviewerCount: number,
  databaseUrl: string,
  cpu: CpuMeters,
) {
  const newsroom = await api(base, adminKey, 'POST', '/v1/admin/newsrooms', { name: 'Bench Desk' });
  const reviewers = await Promise.all(
    Array.from({ length: reviewerCount }, (_, i) => api(base, adminKey, 'POST', '/v1/admin/reviewers', { name: `Bench reviewer ${i}` })),
  );
  await seedOpenTasks(db, newsroom.id, tasks);
  const statementsBefore = await statementsSent(`${base}/metrics`);
  const { result: product, ...claimNextCpu } = await cpuDuring(cpu, () =>
    driveReviewers(
      reviewers.map((reviewer) => ({
        url: `${base}/v1/review-tasks/claim-next`,
        headers: headers(reviewer.apiKey),
      })),
    ),
  );
  const doubleAssignments = await countDoubleAssignments(db, product.handed);
  if (doubleAssignments !== 0 || product.handed.length !== tasks) {
    throw new Error(`claim-next handed out ${product.handed.length}/${tasks} tasks with ${doubleAssignments} inconsistencies`);
  }
  // Closed loop: the 50 final 204 answers are in the count too (each costs its lease attempt).
  const statementsPerClaimNext =
    ((await statementsSent(`${base}/metrics`)) - statementsBefore) / (product.handed.length + reviewers.length);

  // Each reviewer gives a verdict on every task it was handed, back to back (the verdict's own cost).
  const beforeVerdicts = await statementsSent(`${base}/metrics`);
  console.error('review bench: verdicts ...');
  const { result: verdicts, ...verdictCpu } = await cpuDuring(cpu, () => giveVerdicts(base, reviewers, product.handedTo));
  const statementsPerVerdict = ((await statementsSent(`${base}/metrics`)) - beforeVerdicts) / verdicts.done;

  // The desk as it works: each reviewer takes the next task and gives its verdict, until none is left.
  await db.query(`DELETE FROM articles WHERE newsroom_id = $1`, [newsroom.id]);
  await seedOpenTasks(db, newsroom.id, tasks);
  console.error('review bench: claim-next then verdict ...');
  const { result: desk, ...deskCpu } = await cpuDuring(cpu, () => reviewBackToBack(base, reviewers));

  // Open loop, as a desk works: each reviewer asks once a second, whatever the others do.
  await db.query(`DELETE FROM articles WHERE newsroom_id = $1`, [newsroom.id]);
  await seedOpenTasks(db, newsroom.id, reviewerCount * OPEN_LOOP_SECONDS);
  const open = await openLoop(
    reviewers.map((reviewer) => ({ url: `${base}/v1/review-tasks/claim-next`, headers: headers(reviewer.apiKey) })),
    OPEN_LOOP_SECONDS,
  );
  const openDoubles = await countDoubleAssignments(db, open.handed);

  // The same lease done by a bare node:http + pg server, on freshly seeded tasks.
  await db.query(`DELETE FROM articles WHERE newsroom_id = $1`, [newsroom.id]);
  await seedOpenTasks(db, newsroom.id, tasks);
  const port = await sparePort();
  const bareServer = startProcess('bench/bare-claim-next-server.js', { DATABASE_URL: databaseUrl, PORT: String(port) });
  await waitForPort(port);
  const bare = await driveReviewers(
    reviewers.map((reviewer) => ({
      url: `http://127.0.0.1:${port}/`,
      headers: { 'x-reviewer-id': reviewer.id },
    })),
  );
  await stopProcess(bareServer);
  const bareDoubles = await countDoubleAssignments(db, bare.handed);
  if (bareDoubles !== 0 || bare.handed.length !== tasks)
    throw new Error(`bare claim-next handed out ${bare.handed.length}/${tasks} with ${bareDoubles} inconsistencies`);
  return {
    claimNextTasks: product.handed.length,
    claimNextReviewers: reviewerCount,
    claimNextP50Ms: round(percentileOf(product.latencies, 50)),
    claimNextP99Ms: round(percentileOf(product.latencies, 99)),
    claimNextTasksPerSecond: round(product.tasksPerSecond),
    claimNextDoubleAssignments: doubleAssignments,
    claimNextErrors: product.failures,
    claimNextStatements: round(statementsPerClaimNext),
    claimNextApiCpuMs: round(claimNextCpu.apiMs / (product.handed.length + reviewers.length)),
    claimNextPostgresCpuMs: round(claimNextCpu.postgresMs / (product.handed.length + reviewers.length)),
    verdictP50Ms: round(percentileOf(verdicts.latencies, 50)),
    verdictP99Ms: round(percentileOf(verdicts.latencies, 99)),
    verdictsPerSecond: round(verdicts.perSecond),
    verdictStatements: round(statementsPerVerdict),
    verdictApiCpuMs: round(verdictCpu.apiMs / verdicts.done),
    verdictPostgresCpuMs: round(verdictCpu.postgresMs / verdicts.done),
    verdictErrors: verdicts.failures,
    reviewTasksDonePerSecond: round(desk.perSecond),
    reviewTasksDone: desk.done,
    reviewTaskApiCpuMs: round(deskCpu.apiMs / desk.done),
    reviewTaskPostgresCpuMs: round(deskCpu.postgresMs / desk.done),
    reviewTasksErrors: desk.failures,
    openLoopRequestsPerSecond: reviewerCount,
    openLoopP50Ms: round(percentileOf(open.latencies, 50)),
    openLoopP99Ms: round(percentileOf(open.latencies, 99)),
    openLoopHanded: open.handed.length,
    openLoopDoubleAssignments: openDoubles,
    openLoopErrors: open.failures,
    bareClaimNextP50Ms: round(percentileOf(bare.latencies, 50)),
    bareClaimNextP99Ms: round(percentileOf(bare.latencies, 99)),
    bareClaimNextTasksPerSecond: round(bare.tasksPerSecond),
    claimNextRatio: round(product.tasksPerSecond / bare.tasksPerSecond),
    reviewTasksDoneRatio: round(desk.perSecond / bare.tasksPerSecond),
  };
}

/**
 * Open tasks of one-claim articles with spread-out priorities, all in English; each claim its own cluster, as verification leaves it.
 * The tasks' newsroom is set here: the trigger that fills it cannot see claims inserted by the same statement, and without it
 * claim-next would take only its fallback path (no fair-share pick, no bookkeeping) instead of the one production takes.
 */
async function seedOpenTasks(db: Client, newsroomId: string, tasks: number): Promise<void> {
  await db.query(
    `WITH seeded AS (
       SELECT gen_random_uuid() AS article_id, gen_random_uuid() AS claim_id, i, (i % 97) / 97.0 AS score
         FROM generate_series(1, $2::int) AS i),
     clusters AS (INSERT INTO claim_clusters (id) SELECT claim_id FROM seeded),
     articles AS (
       INSERT INTO articles (id, newsroom_id, status, title, source_format, text, language)
       SELECT article_id, $1, 'verifying', 'Bench ' || i, 'text', 'Claim ' || i, 'en' FROM seeded),
     claims AS (
       INSERT INTO claims (id, article_id, newsroom_id, seq, text, start_offset, end_offset, checkworthiness, language, status, version, cluster_id)
       SELECT claim_id, article_id, $1, 0, 'Claim ' || i, 0, 5, score, 'en', 'needs_review', 3, claim_id FROM seeded)
     INSERT INTO review_tasks (id, claim_id, cluster_id, newsroom_id, status, priority, rank_key, language)
     SELECT gen_random_uuid(), claim_id, claim_id, $1, 'open', 0.7 * score, 0.7 * score - 0.05 * extract(epoch FROM now()) / 3600, 'en' FROM seeded`,
    [newsroomId, tasks],
  );
}

/** One claim-next request; its latency goes to `latencies`. */
async function askForTask(reviewer: { url: string; headers: Record<string, string> }, latencies: number[]): Promise<Response> {
  const t0 = performance.now();
  const response = await fetch(reviewer.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...reviewer.headers },
    body: '{}',
  });
  latencies.push(performance.now() - t0);
  return response;
}

/** Asks for the next task until none is left (204), handing each to `onTask`; returns how many asks failed. */
async function takeTasksUntilNone(
  asker: { url: string; headers: Record<string, string> },
  latencies: number[],
  onTask: (id: string) => Promise<void>,
): Promise<number> {
  let failures = 0;
  for (;;) {
    const response = await askForTask(asker, latencies);
    if (response.status === 204) return failures;
    if (response.status !== 200) {
      failures += 1;
      await response.arrayBuffer();
      continue;
    }
    const { id } = (await response.json()) as { id: string };
    await onTask(id);
  }
}

/** Each reviewer asks for the next task until none is left (204); closed loop, no think time. `handedTo[i]`: reviewer i's tasks. */
async function driveReviewers(reviewers: { url: string; headers: Record<string, string> }[]) {
  const latencies: number[] = [];
  const handed: string[] = [];
  const handedTo: string[][] = reviewers.map(() => []);
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    reviewers.map(async (reviewer, index) => {
      const askFailures = await takeTasksUntilNone(reviewer, latencies, (id) => {
        handed.push(id);
        handedTo[index].push(id);
        return Promise.resolve();
      });
      failures += askFailures;
    }),
  );
  return { latencies, handed, handedTo, failures, tasksPerSecond: handed.length / ((performance.now() - started) / 1000) };
}

const VERDICT = JSON.stringify({ rating: 'mostly_false', summary: 'Bench verdict.' });

/** One verdict on a task the reviewer holds; its latency goes to `latencies`. */
async function giveVerdict(base: string, apiKey: string, taskId: string, latencies: number[]): Promise<boolean> {
  const t0 = performance.now();
  const response = await fetch(`${base}/v1/review-tasks/${taskId}/verdict`, { method: 'POST', headers: headers(apiKey), body: VERDICT });
  const text = await response.text();
  latencies.push(performance.now() - t0);
  if (response.status !== 200) console.error(`verdict on ${taskId} answered ${response.status}: ${text.slice(0, 200)}`);
  return response.status === 200;
}

/** Each reviewer gives its verdicts on the tasks it holds, back to back. */
async function giveVerdicts(base: string, reviewers: { apiKey: string }[], tasksOf: string[][]) {
  const latencies: number[] = [];
  let done = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    reviewers.map(async (reviewer, index) => {
      for (const taskId of tasksOf[index]) {
        if (await giveVerdict(base, reviewer.apiKey, taskId, latencies)) done += 1;
        else failures += 1;
      }
    }),
  );
  return { latencies, done, failures, perSecond: done / ((performance.now() - started) / 1000) };
}

/** Each reviewer takes the next task and gives its verdict, until claim-next answers 204: review tasks done per second. */
async function reviewBackToBack(base: string, reviewers: { apiKey: string }[]) {
  const latencies: number[] = [];
  let done = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    reviewers.map(async (reviewer) => {
      const asker = { url: `${base}/v1/review-tasks/claim-next`, headers: headers(reviewer.apiKey) };
      const askFailures = await takeTasksUntilNone(asker, [], async (id) => {
        if (await giveVerdict(base, reviewer.apiKey, id, latencies)) done += 1;
        else failures += 1;
      });
      failures += askFailures;
    }),
  );
  return { done, failures, perSecond: done / ((performance.now() - started) / 1000) };
}

const OPEN_LOOP_SECONDS = Number(process.env.BENCH_OPEN_LOOP_SECONDS ?? 10);

/** Each reviewer asks once a second for `seconds` seconds (spread over the second), without waiting for the answers. */
async function openLoop(reviewers: { url: string; headers: Record<string, string> }[], seconds: number) {
  const latencies: number[] = [];
  const handed: string[] = [];
  let failures = 0;
  const started = performance.now();
  const requests: Promise<void>[] = [];
  for (let second = 0; second < seconds; second += 1) {
    reviewers.forEach((reviewer, index) => {
      const at = started + second * 1000 + (index * 1000) / reviewers.length;
      requests.push(
        new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, at - performance.now()))).then(async () => {
          const response = await askForTask(reviewer, latencies);
          if (response.status === 200) handed.push(((await response.json()) as { id: string }).id);
          else {
            failures += 1;
            await response.arrayBuffer();
          }
        }),
      );
    });
  }
  await Promise.all(requests);
  return { latencies, handed, failures };
}

/** Waits until something listens on the port (a request would lease a task of the bare server). */
async function waitForPort(port: number, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(() => resolve(true))).on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}

/** Statements a process has sent to Postgres so far (its claimflow_db_statements_total). */
export async function statementsSent(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return Number(/^claimflow_db_statements_total (\d+)/m.exec(text)?.[1] ?? NaN);
}

/** Tasks handed out twice, plus any mismatch between hand-outs, claimed tasks and in_review history rows. */
async function countDoubleAssignments(db: Client, handed: string[]): Promise<number> {
  const { rows } = await db.query<{ claimed: number; leases: number }>(
    `SELECT (SELECT count(*)::int FROM review_tasks WHERE status = 'claimed') AS claimed,
            (SELECT count(*)::int FROM claim_events e JOIN review_tasks t ON t.claim_id = e.claim_id WHERE e.to_status = 'in_review') AS leases`,
  );
  return handed.length - new Set(handed).size + Math.abs(rows[0].claimed - handed.length) + Math.abs(rows[0].leases - handed.length);
}

/**
 * The library bench. The first BENCH_LIBRARY_API_ROWS items (default 10,000) are imported through the
 * API (POST /v1/fact-checks, 1000 a request, two at a time: the real insert path with postings and
 * term statistics), which gives the import rate; the library then grows set-wise in SQL
 * (library-seed.ts: the same rows, postings and statistics, fast enough for a million) and is searched
 * through the API at each size of BENCH_LIBRARY_SIZES (default 14,000, 200,000 and `rows`), after what
 * autovacuum does after a big import (VACUUM ANALYZE). Rows are 8..14 words drawn from a real
 * vocabulary with a skewed (Zipf-like) distribution, so common terms have long postings as in a real
 * library; a 4..7-word title each. Half the searches are paraphrases of a library item (found first?),
 * half 10 unrelated words.
 */
async function benchLibrary(base: string, db: Client, adminKey: string, rows: number, searches: number) {
  const vocabulary = loadVocabulary();
  const importer = await api(base, adminKey, 'POST', '/v1/admin/reviewers', { name: 'Bench importer' });
  const apiRows = Math.min(rows, Number(process.env.BENCH_LIBRARY_API_ROWS ?? 10_000));
  const t0 = performance.now();
  await importThroughApi(base, importer.apiKey, vocabulary, apiRows);
  const importMs = performance.now() - t0;
  const results: Record<string, number> = {
    libraryRows: rows,
    libraryApiImportRows: apiRows,
    libraryImportRowsPerSecond: Math.round(apiRows / (importMs / 1000)),
  };
  const sizes = (process.env.BENCH_LIBRARY_SIZES ?? `14000,200000,${rows}`)
    .split(',')
    .map(Number)
    .filter((size, index, all) => size > 0 && size <= rows && all.indexOf(size) === index)
    .sort((a, b) => a - b);
  const reviewer = await api(base, adminKey, 'POST', '/v1/admin/reviewers', { name: 'Bench searcher' });
  let loaded = apiRows;
  for (const size of sizes) {
    const t1 = performance.now();
    if (size > loaded) {
      console.error(`review bench: seeding the library from ${loaded} to ${size} rows ...`);
      await seedLibrary(db, loaded, size, importer.id, vocabulary);
      loaded = size;
    }
    await db.query(`VACUUM ANALYZE`);
    results[`librarySeedSeconds@${size}`] = round((performance.now() - t1) / 1000);
    console.error(`review bench: ${size} rows ready in ${Math.round(performance.now() - t1)} ms; searching ...`);
    Object.assign(results, suffixed(await searchLibrary(base, db, reviewer.apiKey, vocabulary, size, searches), `@${size}`));
  }
  return results;
}

async function importThroughApi(base: string, apiKey: string, vocabulary: string[], rows: number) {
  const batches = Math.ceil(rows / 1000);
  let next = 0;
  const importBatches = async () => {
    for (let batch = next++; batch < batches; batch = next++) {
      const items = Array.from({ length: Math.min(1000, rows - batch * 1000) }, (_, k) => {
        const i = batch * 1000 + k;
        return {
          claimText: skewedSentence(vocabulary, i, 8 + (i % 7)),
          title: skewedSentence(vocabulary, i + 7_777_777, 4 + (i % 4)),
          rating: ['true', 'mostly_true', 'mixed', 'mostly_false', 'false'][i % 5],
          url: `https://factcheck.example/${i}`,
          publisher: 'Bench Checks',
          language: 'en',
        };
      });
      // A 503 (the database busy past the statement timeout on a loaded machine) is retried, as a client would.
      for (let attempt = 1; ; attempt += 1) {
        try {
          await api(base, apiKey, 'POST', '/v1/fact-checks', items);
          break;
        } catch (error) {
          if (attempt >= 5 || !String(error).includes('answered 503')) throw error;
          await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
        }
      }
    }
  };
  await Promise.all([importBatches(), importBatches()]);
}

async function searchLibrary(base: string, db: Client, apiKey: string, vocabulary: string[], size: number, searches: number) {
  const sampled = Array.from({ length: Math.ceil(searches / 2) }, (_, index) => Math.abs((index * 2654435761) % size));
  const { rows: texts } = await db.query<{ url: string; claim_text: string }>(
    `SELECT url, claim_text FROM fact_checks WHERE url = ANY($1::text[])`,
    [sampled.map((i) => `https://factcheck.example/${i}`)],
  );
  const textOf = new Map(texts.map((row) => [row.url, row.claim_text]));
  const originals = sampled.map((i) => textOf.get(`https://factcheck.example/${i}`) ?? '');
  const queries = Array.from({ length: searches }, (_, index) =>
    index % 2 === 0 ? paraphrase(originals[index / 2], index) : randomSentence(vocabulary, index),
  );
  const latencies: number[] = [];
  let paraphrasesFound = 0;
  for (const [index, q] of queries.entries()) {
    const t1 = performance.now();
    const response = await fetch(`${base}/v1/fact-checks/search?${new URLSearchParams({ q, language: 'en', limit: '10' })}`, {
      headers: headers(apiKey),
    });
    const body = (await response.json()) as { items: { claimText: string }[] };
    latencies.push(performance.now() - t1);
    if (response.status !== 200) throw new Error(`search answered ${response.status}`);
    if (index % 2 === 0 && body.items[0]?.claimText === originals[index / 2]) paraphrasesFound += 1;
  }
  return {
    searchQueries: queries.length,
    searchP50Ms: round(percentileOf(latencies, 50)),
    searchP99Ms: round(percentileOf(latencies, 99)),
    searchParaphraseTop1Rate: round(paraphrasesFound / Math.ceil(queries.length / 2)),
  };
}

const suffixed = (figures: Record<string, number>, suffix: string) =>
  Object.fromEntries(Object.entries(figures).map(([key, value]) => [`${key}${suffix}`, value]));

async function api(base: string, key: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: headers(key),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<{ id: string; apiKey: string }>;
}

function headers(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
}

function withDatabase(server: URL, database: string): string {
  const url = new URL(server.toString());
  url.pathname = `/${database}`;
  return url.toString();
}

const round = (value: number) => Math.round(value * 100) / 100;
const percentileOf = (values: number[], p: number) =>
  percentile(
    [...values].sort((a, b) => a - b),
    p,
  );

if (require.main === module) {
  runReviewBench({
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/claimflow',
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    libraryRows: process.env.BENCH_LIBRARY_ROWS ? Number(process.env.BENCH_LIBRARY_ROWS) : undefined,
    tasks: process.env.BENCH_REVIEW_TASKS ? Number(process.env.BENCH_REVIEW_TASKS) : undefined,
  })
    .then((results) => {
      console.log(JSON.stringify(results, null, 2));
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
