import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, createNewsroom, waitFor, withStack } from '../support/stack';

const SAMPLE = readFileSync(join(__dirname, '../../samples/article-iraq-trafficking.txt'), 'utf8');

describe('pipeline: article in, claims out, verification queued', () => {
  const stack = withStack();
  let newsroom: { id: string; apiKey: string };

  beforeAll(async () => {
    newsroom = await createNewsroom(stack);
  });

  it('extracts the sample article into claims with exact offsets, and check-worthy ones reach needs_review', async () => {
    const submitted = await stack.http
      .post('/v1/articles')
      .set(bearer(newsroom.apiKey))
      .send({ title: 'Iraqi man sentenced', text: SAMPLE, url: 'https://example.org/iraq' })
      .expect(202);
    expect(submitted.body).toMatchObject({ id: expect.any(String), status: 'received' });

    const article = await waitFor(async () => {
      const response = await stack.http.get(`/v1/articles/${submitted.body.id}`).set(bearer(newsroom.apiKey)).expect(200);
      const settled =
        response.body.claims.length > 0 &&
        response.body.claims.every((claim: { status: string }) => !['pending', 'verifying'].includes(claim.status));
      return settled && response.body.status !== 'extracting' ? response.body : null;
    });

    expect(article.text).toBe(SAMPLE);
    expect(article.language).toBe('en');
    expect(article.claims.length).toBeGreaterThan(10);
    for (const claim of article.claims) {
      expect(article.text.slice(claim.start, claim.end)).toBe(claim.text);
      expect(claim.checkworthiness).toBeGreaterThanOrEqual(0);
      expect(claim.checkworthiness).toBeLessThanOrEqual(1);
      expect(['not_checkworthy', 'needs_review']).toContain(claim.status);
    }
    expect(article.claims[0].text).toBe('Iraqi Man Sentenced to Life for Trafficking Fighters to Join Russian War in Ukraine');
    const checkworthy = article.claims.filter((claim: { status: string }) => claim.status === 'needs_review');
    expect(checkworthy.length).toBeGreaterThan(0);
    expect(article.status).toBe('verifying');

    const detail = await stack.http.get(`/v1/claims/${checkworthy[0].id}`).set(bearer(newsroom.apiKey)).expect(200);
    expect(detail.body.events.map((event: { to: string }) => event.to)).toEqual(['pending', 'verifying', 'needs_review']);
    expect(detail.body.events[0]).toMatchObject({ from: null, to: 'pending', version: 1 });
    expect(detail.body.events.map((event: { version: number }) => event.version)).toEqual([1, 2, 3]);
    expect(detail.body.version).toBe(3);

    const stranger = await createNewsroom(stack, 'Another desk');
    await stack.http.get(`/v1/claims/${checkworthy[0].id}`).set(bearer(stranger.apiKey)).expect(404);
    await stack.http.post(`/v1/claims/${checkworthy[0].id}/promote`).set(bearer(stranger.apiKey)).expect(404);
    await stack.http.post(`/v1/claims/${checkworthy[0].id}/promote`).set(bearer(newsroom.apiKey)).expect(409);
  });

  it('promotes a not_checkworthy claim into the workflow', async () => {
    const submitted = await stack.http.post('/v1/articles').set(bearer(newsroom.apiKey)).send({ text: 'I love this city.' }).expect(202);
    const article = await waitFor(async () => {
      const response = await stack.http.get(`/v1/articles/${submitted.body.id}`).set(bearer(newsroom.apiKey));
      return response.body.status === 'completed' ? response.body : null;
    });
    expect(article.claims.map((claim: { status: string }) => claim.status)).toEqual(['not_checkworthy']);
    const promoted = await stack.http.post(`/v1/claims/${article.claims[0].id}/promote`).set(bearer(newsroom.apiKey)).expect(200);
    expect(promoted.body.status).toBe('pending');
    const reviewed = await waitFor(async () => {
      const response = await stack.http.get(`/v1/claims/${article.claims[0].id}`).set(bearer(newsroom.apiKey));
      return response.body.status === 'needs_review' ? response.body : null;
    });
    expect(reviewed.events.map((event: { to: string }) => event.to)).toEqual(['not_checkworthy', 'pending', 'verifying', 'needs_review']);
    const reopened = await stack.http.get(`/v1/articles/${submitted.body.id}`).set(bearer(newsroom.apiKey)).expect(200);
    expect(reopened.body.status).toBe('verifying');
  });
  it('a queued row of a job this version does not know never blocks the jobs behind it', async () => {
    const dataSource = stack.api.get((await import('typeorm')).DataSource);
    // Ahead of everything else: a job written by a newer version (a rolling deploy) or by hand.
    await dataSource.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload) VALUES ('future', 'summarise-article', 'future-1', '{}')`,
    );
    const submitted = await stack.http
      .post('/v1/articles')
      .set(bearer(newsroom.apiKey))
      .send({ text: 'Prices rose 5% in May, the statistics office said.' })
      .expect(202);
    await waitFor(async () => {
      const response = await stack.http.get(`/v1/articles/${submitted.body.id}`).set(bearer(newsroom.apiKey)).expect(200);
      return ['verifying', 'completed'].includes(response.body.status);
    });
    const left = await dataSource.query(`SELECT job_name FROM outbox WHERE queue = 'future'`);
    expect(left).toEqual([{ job_name: 'summarise-article' }]); // kept for a worker that knows it
    const metrics = await stack.http.get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^claimflow_outbox_unknown_jobs 1$/m);
    await dataSource.query(`DELETE FROM outbox WHERE queue = 'future'`);
  });
});
