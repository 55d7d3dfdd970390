import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { Queue } from 'bullmq';
import { type Client } from 'pg';
import { redisOptions } from '../../src/queue/redis-options';
import { exited, spawnWorker } from '../support/private-services';
import { connectDb } from '../support/review-fixtures';
import { bearer, createNewsroom, waitFor, withStack } from '../support/stack';

const LOCK_MS = 2000;
const STALLED_CHECK_MS = 1000;
/** The documented bound: a killed worker's jobs are back in the queue within JOB_LOCK_MS + JOB_STALLED_CHECK_MS. */
const BOUND_MS = LOCK_MS + STALLED_CHECK_MS;
const PROVIDER_DELAY_MS = 1500;

describe('crash recovery: a killed worker’s jobs come back within the configured bound', () => {
  const stack = withStack({ worker: false });
  let db: Client;
  let provider: Server;

  beforeAll(async () => {
    db = await connectDb();
    // A slow evidence provider keeps verification jobs active long enough to be caught by the kill.
    provider = createServer((_, res) =>
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"claims":[]}'), PROVIDER_DELAY_MS),
    );
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    provider.closeAllConnections();
    await new Promise((resolve) => provider.close(resolve));
    await db.end();
  });

  it('moves the active jobs of a SIGKILLed worker back while the other worker is busy, and finishes everything once', async () => {
    const env = {
      JOB_LOCK_MS: String(LOCK_MS),
      JOB_STALLED_CHECK_MS: String(STALLED_CHECK_MS),
      GOOGLE_FACTCHECK_API_KEY: 'test-key',
      GOOGLE_FACTCHECK_URL: `http://127.0.0.1:${(provider.address() as AddressInfo).port}/claims:search`,
      PROVIDER_TIMEOUT_MS: '20000',
      VERIFICATION_CONCURRENCY: '4',
      // One job per article, so both workers hold verification jobs (batches would put the 16 articles in one or two jobs).
      JOB_BATCH_SIZE: '1',
      LOG_LEVEL: 'error',
    };
    const newsroom = await createNewsroom(stack);
    const verification = new Queue('verification', {
      connection: redisOptions(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
      prefix: process.env.QUEUE_PREFIX,
    });
    const doomed = spawnWorker(env);
    const survivor = spawnWorker(env);
    const doomedName = `${hostname()}:${doomed.pid}`;
    try {
      const ids: string[] = [];
      for (let n = 0; n < 16; n++) {
        const text = `Exports rose ${n + 2}% in 2023, the ministry said. The port handled ${n * 1000 + 400} ships last year. Prices fell 3.${n}% in May.`;
        ids.push((await stack.http.post('/v1/articles').set(bearer(newsroom.apiKey)).send({ text }).expect(202)).body.id);
      }
      const held = await waitFor(
        async () => {
          const active = (await verification.getActive()).filter((job) => job.processedBy === doomedName);
          return active.length > 0 ? active : null;
        },
        120000, // two worker processes starting on a busy machine
        20,
      );
      doomed.kill('SIGKILL');
      const killedAt = Date.now();
      await exited(doomed);
      const stillHeld = (await verification.getActive()).filter((job) => job.processedBy === doomedName).map((job) => job.id!);
      expect(held.length).toBeGreaterThan(0);
      expect(stillHeld.length).toBeGreaterThan(0);

      // Back = no longer active under the dead worker (waiting again, or taken by the survivor).
      const backAfter = new Map<string, number>();
      await waitFor(
        async () => {
          for (const id of stillHeld) {
            if (backAfter.has(id)) continue;
            const job = await verification.getJob(id);
            const state = job ? await job.getState() : 'unknown';
            if (state !== 'active' || job?.processedBy !== doomedName) backAfter.set(id, Date.now() - killedAt);
          }
          return backAfter.size === stillHeld.length;
        },
        BOUND_MS * 10,
        50,
      );
      const slowest = Math.max(...backAfter.values());
      // Generous margin over the configured bound (a loaded 2-core box), far below BullMQ's defaults (about 60 s).
      expect(slowest).toBeLessThanOrEqual(BOUND_MS * 3 + 2000);

      await waitFor(
        async () => {
          const { rows } = await db.query(
            `SELECT count(*) FILTER (WHERE status IN ('verifying', 'completed'))::int AS done,
                    (SELECT count(*)::int FROM claims WHERE status IN ('pending', 'verifying')) AS open FROM articles WHERE id = ANY($1::uuid[])`,
            [ids],
          );
          return rows[0].done === ids.length && rows[0].open === 0;
        },
        120000,
        200,
      );
      const { rows } = await db.query(
        `SELECT (SELECT count(*)::int FROM claims WHERE status = 'needs_review') AS review,
                (SELECT count(*)::int FROM review_tasks) AS tasks, (SELECT count(DISTINCT claim_id)::int FROM review_tasks) AS task_claims,
                (SELECT count(*)::int FROM claims) AS claims, (SELECT count(DISTINCT (article_id, seq))::int FROM claims) AS seqs`,
      );
      expect(rows[0].review).toBeGreaterThan(0);
      expect(rows[0].tasks).toBe(rows[0].review); // re-run jobs opened no second task
      expect(rows[0].task_claims).toBe(rows[0].review);
      expect(rows[0].seqs).toBe(rows[0].claims);
      console.log(
        `crash recovery: ${stillHeld.length} job(s) of the killed worker back after at most ${slowest} ms (bound ${BOUND_MS} ms)`,
      );
    } finally {
      if (doomed.exitCode === null && doomed.signalCode === null) doomed.kill('SIGKILL');
      survivor.kill('SIGTERM');
      await exited(survivor);
      await verification.close();
    }
  }, 300_000);
});
