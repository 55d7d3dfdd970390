import { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/config';
import { ExtractionPool } from '../../src/extraction/extraction-pool';
import { normalizeClaimText } from '../../src/workflow/claim-normalization';
import pairs from '../../src/workflow/fixtures/near-duplicate-pairs.json';
import { closestNearDuplicate, type NearDuplicateQuery } from '../../src/workflow/near-duplicate';
import { bearer, createNewsroom, startStack, waitFor, type Stack } from '../support/stack';

/** Many short factual lines: every one a claim, so segmentation and scoring have plenty to do. */
function manyFacts(count: number): string {
  return Array.from({ length: count }, (_, i) => `The unemployment rate fell to ${i % 10}.9% in March ${1990 + (i % 30)}.`).join('\n');
}

async function healthLatencyMs(stack: Stack): Promise<number> {
  const started = Date.now();
  await stack.http.get('/health/live').expect(200);
  return Date.now() - started;
}

describe('extraction on worker threads', () => {
  it('keeps /health/live answering while a pathological /v1/extract body is processed', async () => {
    const stack = await startStack({ worker: false, env: { EXTRACTION_TIME_LIMIT_MS: '3000' } });
    try {
      const newsroom = await createNewsroom(stack);
      const baseline: number[] = [];
      for (let i = 0; i < 5; i += 1) baseline.push(await healthLatencyMs(stack));
      const baselineMs = baseline.sort((a, b) => a - b)[2];

      let done = false;
      const started = Date.now();
      const extract = stack.http
        .post('/v1/extract')
        .set(bearer(newsroom.apiKey))
        .send({ text: 'Mr. '.repeat(30_000) + manyFacts(10_000), language: 'en' })
        .then((response) => {
          done = true;
          return response;
        });
      const during: number[] = [];
      while (!done) {
        during.push(await healthLatencyMs(stack));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const response = await extract;
      const requestMs = Date.now() - started;
      // Fast or cut off by the time limit, but never a 5xx.
      expect([200, 422]).toContain(response.status);
      if (response.status === 422) expect(response.body.message).toMatch(/time limit of 3000 ms/);
      // While the body was processed, health kept answering about as fast as before.
      expect(during.length).toBeGreaterThanOrEqual(Math.min(3, Math.floor(requestMs / 200)));
      expect(Math.max(...during)).toBeLessThan(Math.max(1000, 10 * baselineMs));
    } finally {
      await stack.close();
    }
  });

  it('fails an article whose extraction exceeds the time limit, with a clear reason, and keeps the worker going', async () => {
    const stack = await startStack({ env: { EXTRACTION_TIME_LIMIT_MS: '100' } });
    try {
      const newsroom = await createNewsroom(stack);
      const key = bearer(newsroom.apiKey);
      const slow = await stack.http
        .post('/v1/articles')
        .set(key)
        .send({ text: manyFacts(20_000) })
        .expect(202);
      const failed = await waitFor(async () => {
        const response = await stack.http.get(`/v1/articles/${slow.body.id}`).set(key);
        return response.body.status === 'failed' ? response.body : null;
      }, 30000);
      expect(failed.failureReason).toMatch(/time limit of 100 ms \(EXTRACTION_TIME_LIMIT_MS\)/);
      expect(failed.claims).toEqual([]);
      // The same limit answers 422 on the synchronous preview.
      const preview = await stack.http
        .post('/v1/extract')
        .set(key)
        .send({ text: manyFacts(20_000) });
      expect(preview.status).toBe(422);
      // A normal article afterwards is extracted by a fresh thread.
      const normal = await stack.http.post('/v1/articles').set(key).send({ text: 'Inflation rose to 7.5% in 2022.' }).expect(202);
      const extracted = await waitFor(async () => {
        const response = await stack.http.get(`/v1/articles/${normal.body.id}`).set(key);
        return ['verifying', 'completed', 'failed'].includes(response.body.status) ? response.body : null;
      }, 30000);
      expect({ status: extracted.status, reason: extracted.failureReason }).toEqual({
        status: expect.stringMatching(/verifying|completed/),
        reason: null,
      });
    } finally {
      await stack.close();
    }
  }, 120_000); // a stack, an extraction failed through its retries and another one: over 60 s on a loaded box

  it('stores at most MAX_CLAIMS_PER_ARTICLE claims and says how many were left out', async () => {
    const stack = await startStack({ env: { MAX_CLAIMS_PER_ARTICLE: '5' } });
    try {
      const newsroom = await createNewsroom(stack);
      const key = bearer(newsroom.apiKey);
      const text = manyFacts(20);
      const accepted = await stack.http.post('/v1/articles').set(key).send({ text }).expect(202);
      const article = await waitFor(async () => {
        const response = await stack.http.get(`/v1/articles/${accepted.body.id}`).set(key);
        return ['verifying', 'completed'].includes(response.body.status) ? response.body : null;
      }, 30000);
      expect(article.claims).toHaveLength(5);
      expect(article.claims.map((claim: { start: number }) => claim.start)).toEqual(
        [...article.claims.map((c: { start: number }) => c.start)].sort((a, b) => a - b),
      );
      const preview = await stack.http.post('/v1/extract').set(key).send({ text }).expect(200);
      expect(preview.body).toMatchObject({ totalClaims: 20, truncated: true });
      expect(preview.body.claims).toHaveLength(5);
      const history = await stack.api
        .get(DataSource)
        .query(`SELECT reason FROM article_events WHERE article_id = $1 AND to_status = 'extracting'`, [accepted.body.id]);
      expect(history).toEqual([{ reason: 'claimsOmitted=15 maxClaimsPerArticle=5' }]);
    } finally {
      await stack.close();
    }
  });

  it('scores near-duplicate candidates on a thread exactly as in process (the clusters do not depend on where)', async () => {
    const config: Partial<AppConfig> = {
      extractionThreads: 1,
      extractionTimeLimitMs: 30_000,
      checkworthyThreshold: 0.5,
      maxClaimsPerArticle: 100,
    };
    const pool = new ExtractionPool(config as AppConfig);
    try {
      const texts = [...pairs.nearDuplicates, ...pairs.different].map(([a, b]) => [a, b]);
      const queries: NearDuplicateQuery[] = texts.map(([text, copy], index) => ({
        text,
        language: 'en',
        normalized: normalizeClaimText(text),
        // The pair's other text among unrelated ones, at a place that moves.
        candidates: [...texts[(index + 1) % texts.length], copy, ...texts[(index + 2) % texts.length]]
          .slice(index % 3)
          .map((candidate) => ({ text: candidate, normalized: normalizeClaimText(candidate) })),
      }));
      const expected = queries.map(closestNearDuplicate);
      expect(expected.filter((index) => index >= 0).length).toBeGreaterThanOrEqual(pairs.nearDuplicates.length / 2);
      expect(await pool.closestNearDuplicates(queries)).toEqual(expected);
    } finally {
      await pool.onModuleDestroy();
    }
  });
});
