import { randomUUID } from 'node:crypto';
import type { TestingModule } from '@nestjs/testing';
import type { Job } from 'bullmq';
import { APP_CONFIG } from '../../src/config/config.module';
import { ExtractionWorkerModule } from '../../src/extraction/extraction.module';
import { ExtractionProcessor } from '../../src/extraction/extraction.processor';
import { ExtractionService } from '../../src/extraction/extraction.service';
import type { QueueDirectory } from '../../src/queue/queue-directory';
import { VerificationWorkerModule } from '../../src/verification/verification.module';
import { VerificationProcessor } from '../../src/verification/verification.processor';
import { VerificationService } from '../../src/verification/verification.service';
import { buildServices, Seeder } from './services';

const TEXT = 'Inflation rose to 7.5% in 2022, the statistics office said.\n\nUnemployment fell to 4.1% last year, down from 5.3% in 2021.';

/** A queue directory that records what a processor enqueues. */
function recordingQueues() {
  const added: Array<{ name: string; data: unknown; jobId?: string }> = [];
  const queues = {
    get: () => ({
      addBulk: async (jobs: Array<{ name: string; data: unknown; opts?: { jobId?: string } }>) => {
        added.push(...jobs.map((job) => ({ name: job.name, data: job.data, jobId: job.opts?.jobId })));
        return [];
      },
    }),
  } as unknown as QueueDirectory;
  return { queues, added };
}

function job(name: string, data: unknown): Job {
  return { name, data, id: randomUUID(), attemptsMade: 0, opts: { attempts: 5 } } as unknown as Job;
}

describe('batches of extraction and verification jobs (service tier, real Postgres)', () => {
  let module: TestingModule;
  let seed: Seeder;
  let newsroomId: string;

  beforeAll(async () => {
    module = await buildServices(ExtractionWorkerModule, VerificationWorkerModule);
    seed = new Seeder(module);
    newsroomId = await seed.newsroom();
  });
  afterAll(() => module.close());

  async function receivedArticles(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let n = 0; n < count; n += 1) ids.push(await seed.receivedArticle(newsroomId, 'Batch', TEXT));
    return ids;
  }

  /** Makes every write of claims (insert or status change) of this article fail, as a bad row would. */
  async function poison(table: 'claims', articleId: string): Promise<() => Promise<void>> {
    const name = `poison_${articleId.replace(/-/g, '')}`;
    await seed.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.article_id = '${articleId}' THEN RAISE EXCEPTION 'poisoned article'; END IF; RETURN NEW; END $$`);
    await seed.query(`CREATE TRIGGER ${name} BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
    return async () => {
      await seed.query(`DROP TRIGGER ${name} ON ${table}`);
      await seed.query(`DROP FUNCTION ${name}()`);
    };
  }

  const counts = async (articleIds: string[]) => {
    const [row] = await seed.query<{ claims: number; claim_events: number; article_events: number; outbox: number }>(
      `SELECT (SELECT count(*)::int FROM claims WHERE article_id = ANY($1::uuid[])) AS claims,
              (SELECT count(*)::int FROM claim_events e JOIN claims c ON c.id = e.claim_id WHERE c.article_id = ANY($1::uuid[])) AS claim_events,
              (SELECT count(*)::int FROM article_events WHERE article_id = ANY($1::uuid[])) AS article_events,
              (SELECT count(*)::int FROM outbox WHERE payload->>'articleId' = ANY($2::text[])) AS outbox`,
      [articleIds, articleIds],
    );
    return row;
  };
  const statuses = async (articleIds: string[]) =>
    (
      await seed.query<{ status: string }>(
        `SELECT status FROM articles WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id)`,
        [articleIds],
      )
    ).map((row) => row.status);

  it('an extraction batch with one poisoned article stores the others and retries the bad one alone; a replay changes nothing', async () => {
    const [first, bad, last] = await receivedArticles(3);
    const cure = await poison('claims', bad);
    const { queues, added } = recordingQueues();
    const processor = new ExtractionProcessor(module.get(APP_CONFIG), module.get(ExtractionService), queues);

    await expect(
      processor.process(job('extract-articles', { jobs: [first, bad, last].map((articleId) => ({ articleId })) })),
    ).resolves.toEqual({
      articles: 3,
      retriedAlone: 1,
    });

    expect(await statuses([first, bad, last])).toEqual(['verifying', 'received', 'verifying']);
    expect(added).toEqual([{ name: 'extract-article', data: { articleId: bad }, jobId: `article-${bad}` }]);
    const stored = await counts([first, last]);
    expect(stored.claims).toBeGreaterThan(0);
    expect(stored.outbox).toBe(2); // one verify-claims job per article
    expect((await counts([bad])).claims).toBe(0);

    // The same batch again (a relay replay): the stored articles are left as they are.
    await cure();
    await processor.process(job('extract-articles', { jobs: [first, bad, last].map((articleId) => ({ articleId })) }));
    expect(await counts([first, last])).toEqual(stored);
    expect(await statuses([first, bad, last])).toEqual(['verifying', 'verifying', 'verifying']);
    expect((await counts([bad])).claims).toBe(stored.claims / 2);
  });

  it('a verification batch with one poisoned article verifies the others and retries the bad one alone; a replay changes nothing', async () => {
    const articles = await Promise.all(
      [0, 1, 2].map((index) =>
        seed.articleWithClaims(newsroomId, [`Exports grew ${index + 10}% in 2023.`, `Turnout was ${index + 60}% in 2020.`]),
      ),
    );
    const jobs = articles.map(({ articleId, claims }) => ({ articleId, claimIds: claims.map((claim) => claim.id) }));
    const ids = jobs.flatMap((item) => item.claimIds);
    const bad = jobs[1];
    const cure = await poison('claims', bad.articleId);
    const { queues, added } = recordingQueues();
    const processor = new VerificationProcessor(module.get(APP_CONFIG), module.get(VerificationService), queues);
    const claimStatuses = async () =>
      (
        await seed.query<{ status: string }>(
          `SELECT status FROM claims WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id)`,
          [ids],
        )
      ).map((row) => row.status);
    const written = async () =>
      (
        await seed.query<{ events: number; tasks: number }>(
          `SELECT (SELECT count(*)::int FROM claim_events WHERE claim_id = ANY($1::uuid[])) AS events,
                  (SELECT count(*)::int FROM review_tasks t JOIN claims c ON c.cluster_id = t.cluster_id WHERE c.id = ANY($1::uuid[])) AS tasks`,
          [ids],
        )
      )[0];

    await expect(processor.process(job('verify-claims-batch', { jobs }))).resolves.toEqual({ articles: 3, retriedAlone: 1 });
    expect(await claimStatuses()).toEqual(['needs_review', 'needs_review', 'pending', 'pending', 'needs_review', 'needs_review']);
    expect(added).toEqual([{ name: 'verify-claims', data: bad, jobId: `article-${bad.articleId}-claims` }]);
    const before = await written();

    // The same batch again (a relay replay): the verified claims are left as they are; the cured article goes through.
    await cure();
    await processor.process(job('verify-claims-batch', { jobs }));
    expect(await claimStatuses()).toEqual(Array(6).fill('needs_review'));
    const after = await written();
    expect(after.events).toBe(before.events + 4); // verifying and needs_review for each of the cured article's two claims
    expect(after.tasks).toBe(before.tasks + 2);
  });
});
