import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { exited, sparePort } from '../support/private-services';
import { bearer, createNewsroom, startWorker, waitFor, withStack } from '../support/stack';
import { deliveriesOf, PRIVATE_NETWORKS_ALLOWED, registerEndpoint, WebhookReceiver } from '../support/webhook-receiver';

type LogLine = Record<string, unknown> & { msg?: string; thread?: number };

/** The compiled worker as production starts it (`npm run start:worker`, WORKER_QUEUES unset), its JSON log lines collected. */
function spawnDefaultWorker(env: Record<string, string>): { child: ChildProcess; lines: LogLine[] } {
  const entry = join(__dirname, '../../dist/main.worker.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: npm test builds it (npm run build)`);
  const { WORKER_QUEUES: _unset, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--max-old-space-size=160', entry], {
    // The test environment turns the thread off for in-process workers: here it is the default again.
    env: { ...inherited, ...PRIVATE_NETWORKS_ALLOWED, WEBHOOK_DELIVERY_THREAD: 'true', LOG_LEVEL: 'log', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: LogLine[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const complete = buffered.split('\n');
    buffered = complete.pop()!;
    for (const line of complete) if (line.startsWith('{')) lines.push(JSON.parse(line) as LogLine);
  });
  return { child, lines };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  return exited(child);
}

const SAMPLE = 'Exports rose 12% in 2023, the ministry said. The port handled 340 ships in May. I love this city.';

describe('webhook thread: the default worker delivers webhooks on a thread of its own', () => {
  const stack = withStack({ env: PRIVATE_NETWORKS_ALLOWED, worker: false });
  let receiver: WebhookReceiver;
  const children: ChildProcess[] = [];
  const inProcess: INestApplicationContext[] = [];

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map(stop));
    await Promise.all(inProcess.splice(0).map((worker) => worker.close()));
    await receiver.close();
  });

  it('runs the pipeline on the main thread and delivers from the webhook thread, its figures on the worker /metrics', async () => {
    const newsroom = await createNewsroom(stack, 'Thread Desk');
    await registerEndpoint(stack, newsroom.apiKey, { url: receiver.url, events: ['article.claims_extracted'] });
    const metricsPort = await sparePort();
    const { child, lines } = spawnDefaultWorker({ WORKER_METRICS_PORT: String(metricsPort) });
    children.push(child);
    await waitFor(async () => lines.some((line) => line.msg?.startsWith('webhook delivery runs on thread')), 60_000);

    const submitted = await stack.http.post('/v1/articles').set(bearer(newsroom.apiKey)).send({ text: SAMPLE }).expect(202);
    await waitFor(async () => receiver.received.length === 1, 30_000);
    expect(receiver.events()[0]).toMatchObject({ type: 'article.claims_extracted', data: { articleId: submitted.body.id } });

    // The main thread consumes the pipeline's queues; the webhooks queue is consumed by the thread alone.
    const processing = lines.filter((line) => line.msg?.startsWith('processing '));
    expect(processing.filter((line) => line.thread === undefined).map((line) => line.msg)).toEqual(['processing extraction, verification']);
    expect(processing.filter((line) => typeof line.thread === 'number').map((line) => line.msg)).toEqual(['processing webhooks']);
    // The thread's job counts reach the process's metrics port (the main thread runs no webhooks job);
    // a drain job is counted when it ends, after its POSTs.
    const webhookJobs = /^claimflow_jobs_total\{[^}]*queue="webhooks"[^}]*\} [1-9]/m;
    const scrape = async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const metrics = await waitFor(async () => {
      const text = await scrape();
      return webhookJobs.test(text) && text;
    }, 30_000);
    expect(metrics).toMatch(/^claimflow_jobs_total\{[^}]*queue="extraction"[^}]*\} [1-9]/m);
    expect(metrics.match(/^claimflow_process_cpu_seconds_total /gm)).toHaveLength(1);
  });

  it('on SIGTERM closes the thread after recording the POST in flight, and exits 0', async () => {
    const newsroom = await createNewsroom(stack, 'Thread Shutdown Desk');
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: receiver.url, events: ['article.claims_extracted'] });
    // The receiver answers a second after the request came: the worker is told to stop meanwhile.
    receiver.behaviour = () => ({ status: 204, delayMs: 1000 });
    const { child, lines } = spawnDefaultWorker({ WORKER_METRICS_PORT: '0' });
    children.push(child);
    await waitFor(async () => lines.some((line) => line.msg?.startsWith('webhook delivery runs on thread')), 60_000);
    await stack.http.post('/v1/articles').set(bearer(newsroom.apiKey)).send({ text: SAMPLE }).expect(202);
    await waitFor(async () => receiver.received.length === 1, 30_000);
    expect(await stop(child)).toBe(0);

    const [delivery] = await deliveriesOf(stack, newsroom.apiKey, endpoint.id);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 204, lastError: null });
    // A worker that comes up afterwards (a deploy) finds nothing left to send.
    inProcess.push(await startWorker(PRIVATE_NETWORKS_ALLOWED));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(receiver.received).toHaveLength(1);
  });
});
