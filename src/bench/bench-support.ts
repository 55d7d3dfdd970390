import { type ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../database/migrate';
import { generateSecret, signedHeaders } from '../webhooks/webhook-signature';
import type { DuplicatedId, ReceiverQuestion, ReceiverStats } from './receiver-process';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function summarize(samplesMs: number[]): { p50: number; p99: number; mean: number } {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
}

export function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: `${adminUrl}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = `${adminUrl}/${name}`;
  await runMigrations(url);
  return url;
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: `${adminUrl}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

/** The worker's V8 flags, as `npm run start:worker` and docker-compose.yml run it (a heap cap: docs/operations.md). */
export const WORKER_NODE_FLAGS = ['--max-old-space-size=128'];
/** The worker's environment as `npm run start:worker` sets it: fewer glibc malloc arenas for its threads (docs/operations.md). */
export const WORKER_ENV = { MALLOC_ARENA_MAX: '2' };

/** Starts a compiled entrypoint (dist/main.api.js or dist/main.worker.js) as production runs it. */
export function startProcess(entry: string, env: Record<string, string>, nodeFlags: string[] = []): ChildProcess {
  // BENCH_CPU_PROF=<dir>: each process writes a V8 CPU profile there on exit (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // BENCH_PRODUCT_DIR=<another build's dist>: its api and worker instead of this build's (two versions side by side).
  const dir = entry.startsWith('main.') && process.env.BENCH_PRODUCT_DIR ? process.env.BENCH_PRODUCT_DIR : join(__dirname, '..');
  return spawn(process.execPath, [...nodeFlags, ...profile, join(dir, entry)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc, 10 ms ticks): a load-independent cost. */
export function cpuMs(pid: number): number {
  // The fields after the command name (which may hold spaces) start at the state, field 3; utime and stime are 14 and 15.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU ms used so far by the Postgres backends serving this database (backends that already exited are not counted). */
export async function postgresCpuMs(db: Client, database: string): Promise<number> {
  const { rows } = await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [
    database,
  ]);
  return rows.reduce((sum, { pid }) => {
    try {
      return sum + cpuMs(pid);
    } catch {
      return sum;
    }
  }, 0);
}

/** Commands Redis has run so far (INFO commandstats), every client's: meaningful per article only on a Redis of the bench's own. */
export async function redisCommandCount(redis: { info(section: string): Promise<string> }): Promise<number> {
  const info = await redis.info('commandstats');
  return [...info.matchAll(/calls=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
}

/** Peak resident set size of a process so far (Linux VmHWM), in MiB. */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

export async function waitForHttp(url: string, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

const PLACES = ['Najaf', 'Kyiv', 'Berlin', 'Lagos', 'Lima', 'Ohio', 'Manila', 'Oslo'];
const SUBJECTS = ['unemployment', 'inflation', 'turnout', 'the deficit', 'crime', 'rents', 'exports', 'enrolment'];

/** A news-like article of about `sentences` sentences, varied enough to exercise the scorer. */
export function generateArticle(seed: number, sentences = 20): string {
  const lines: string[] = [];
  for (let index = 0; index < sentences; index += 1) {
    const place = PLACES[(seed + index) % PLACES.length];
    const subject = SUBJECTS[(seed * 7 + index) % SUBJECTS.length];
    const value = ((seed * 31 + index * 17) % 900) / 10 + 1;
    lines.push(
      index % 4 === 3
        ? `Residents in ${place} said they were tired of waiting.`
        : `In ${place}, ${subject} rose to ${value}% in ${2000 + ((seed + index) % 25)}, officials said on Monday.`,
    );
    if (index % 5 === 4) lines.push('\n\n');
  }
  return lines.join(' ');
}

export interface Receiver {
  url: string;
  /** Requests received so far (product deliveries and bare loop requests alike). */
  count: () => Promise<number>;
  /** Event-to-delivery latencies (ms) of product deliveries (webhook-id msg_...; the bare loop sends bare_...) since the last reset. */
  latencies: () => Promise<number[]>;
  resetLatencies: () => Promise<void>;
  /** webhook-ids received more than once (bench events go to one endpoint each, so any is a duplicate). */
  duplicates: () => Promise<number>;
  /** Product deliveries received, copies included. */
  productCount: () => Promise<number>;
  /** Each webhook-id received more than once. */
  duplicated: () => Promise<DuplicatedId[]>;
  close: () => Promise<void>;
}

/** The receiver runs in a child process of its own (bench/receiver-process.js), so the load generator does not starve it. */
export async function startReceiver(): Promise<Receiver> {
  const child = fork(join(__dirname, 'receiver-process.js'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the receiver exited (${code})`)));
  });
  let asked = 0;
  type Answer = { id?: number; stats?: ReceiverStats; duplicated?: DuplicatedId[] };
  const waiting = new Map<number, (answer: Answer) => void>();
  child.on('message', (answer: Answer) => {
    if (answer.id === undefined) return;
    waiting.get(answer.id)?.(answer);
    waiting.delete(answer.id);
  });
  const ask = (question: ReceiverQuestion['ask']) =>
    new Promise<Answer>((resolve) => {
      asked += 1;
      waiting.set(asked, resolve);
      child.send({ id: asked, ask: question } satisfies ReceiverQuestion);
    });
  const stats = async () => (await ask('stats')).stats!;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    count: async () => (await stats()).count,
    latencies: async () => (await stats()).latenciesMs,
    resetLatencies: async () => void (await ask('reset-latencies')),
    duplicates: async () => (await stats()).duplicates,
    productCount: async () => (await stats()).productCount,
    duplicated: async () => (await ask('duplicated')).duplicated!,
    close: async () => {
      if (child.exitCode === null) await ask('close');
    },
  };
}

/** The baseline: `total` signed POSTs of the same body, `concurrency` at a time, keep-alive (node:http). */
export async function barePostLoop(url: string, body: string, total: number, concurrency: number): Promise<number> {
  const secret = generateSecret();
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const started = process.hrtime.bigint();
  const lane = async () => {
    while (next < total) {
      next += 1;
      await new Promise<void>((resolve, reject) => {
        const req = http.request(url, {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            ...signedHeaders([secret], `bare_${next}`, body),
          },
        });
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end(body);
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return total / seconds;
}

/**
 * The worker's CPU seconds (process.cpuUsage, via prom-client), the statements it sent to Postgres and
 * its runs of webhooks-queue jobs (every outcome, postponed too).
 */
export async function workerCounters(
  metricsUrl: string,
): Promise<{ cpuSeconds: number; statements: number; jobRuns: number; runs: Map<string, number> }> {
  const text = await (await fetch(metricsUrl)).text();
  const cpuSeconds = Number(/^claimflow_process_cpu_seconds_total (\S+)/m.exec(text)?.[1] ?? NaN);
  const statements = Number(/^claimflow_db_statements_total (\S+)/m.exec(text)?.[1] ?? NaN);
  const runs = new Map<string, number>();
  for (const match of text.matchAll(/^claimflow_jobs_total\{([^}]*queue="webhooks"[^}]*)\} (\S+)/gm)) {
    const job = /job="([^"]+)"/.exec(match[1])?.[1];
    const outcome = /outcome="([^"]+)"/.exec(match[1])?.[1];
    runs.set(`${job} ${outcome}`, Number(match[2]));
  }
  return { cpuSeconds, statements, jobRuns: [...runs.values()].reduce((sum, count) => sum + count, 0), runs };
}

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/**
 * A process's event-loop delay from its /metrics text, in ms: prom-client's monitorEventLoopDelay
 * histogram (sampled every 10 ms, so an idle loop shows about 10), reset by every scrape.
 */
export function loopDelayMs(metricsText: string): LoopDelay {
  const seconds = (name: string) =>
    Number(new RegExp(`^claimflow_nodejs_eventloop_lag_${name}_seconds (\\S+)`, 'm').exec(metricsText)?.[1] ?? NaN);
  const ms = (value: number) => Math.round(value * 10_000) / 10;
  return { p50: ms(seconds('p50')), p99: ms(seconds('p99')), max: ms(seconds('max')) };
}

/** The clock of V8's CPU profiles (CLOCK_MONOTONIC, shared by every process of the machine), in µs. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Written into BENCH_CPU_PROF's directory: the pipeline's start and end on monotonicUs' clock. */
export const PIPELINE_WINDOW_FILE = 'pipeline-window.json';
