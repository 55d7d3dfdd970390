import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Client } from 'pg';
import { bearer, createNewsroom, createReviewer, waitFor, withStack } from '../support/stack';
import { connectDb } from '../support/review-fixtures';

const SAMPLE = readFileSync(join(__dirname, '../../samples/article-iraq-trafficking.txt'), 'utf8');

interface ClaimDto {
  id: string;
  status: string;
  text: string;
}

describe('the desk end to end: article in, reviewers work every task, ClaimReview out', () => {
  const stack = withStack();
  let db: Client;

  beforeAll(async () => {
    db = await connectDb();
  });
  afterAll(async () => {
    await db.end();
  });

  it('completes the article and publishes the verified claim as ClaimReview and in the library', async () => {
    const newsroom = await createNewsroom(stack, 'Justice Desk');
    const other = await createNewsroom(stack, 'Other Desk');
    const [ana, ben] = await Promise.all([createReviewer(stack, 'Ana', ['en']), createReviewer(stack, 'Ben')]);
    const articleUrl = 'https://news.example/iraq-trafficking';
    const submitted = await stack.http
      .post('/v1/articles')
      .set(bearer(newsroom.apiKey))
      .send({ title: 'Iraqi man sentenced', text: SAMPLE, url: articleUrl, urgency: 'high' })
      .expect(202);
    const articleId = submitted.body.id;
    const readArticle = async () => (await stack.http.get(`/v1/articles/${articleId}`).set(bearer(newsroom.apiKey)).expect(200)).body;
    const settled = await waitFor(async () => {
      const article = await readArticle();
      const done =
        article.claims.length > 0 && article.claims.every((claim: ClaimDto) => ['not_checkworthy', 'needs_review'].includes(claim.status));
      return done && article.status === 'verifying' ? article : null;
    });

    // A reviewer promotes a claim the model found not check-worthy: it goes through verification to a task.
    const promoted = settled.claims.find((claim: ClaimDto) => claim.status === 'not_checkworthy');
    expect(promoted).toBeDefined();
    await stack.http.post(`/v1/claims/${promoted.id}/promote`).set(bearer(ana.apiKey)).expect(200);
    const article = await waitFor(async () => {
      const current = await readArticle();
      return current.claims.find((claim: ClaimDto) => claim.id === promoted.id).status === 'needs_review' ? current : null;
    });
    const reviewable: ClaimDto[] = article.claims.filter((claim: ClaimDto) => claim.status === 'needs_review');
    expect(reviewable.length).toBeGreaterThan(1);

    const { rows } = await db.query<{ id: string; claim_id: string }>(
      `SELECT id, claim_id FROM review_tasks WHERE claim_id = ANY($1::uuid[])`,
      [reviewable.map((claim) => claim.id)],
    );
    expect(rows).toHaveLength(reviewable.length);
    const listed = await stack.http.get('/v1/review-tasks?status=open&language=en&limit=200').set(bearer(ben.apiKey)).expect(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining(rows.map((row) => row.id)));
    const sample = listed.body.items.find((item: { id: string }) => item.id === rows[0].id);
    expect(sample).toMatchObject({
      status: 'open',
      article: { id: articleId, title: 'Iraqi man sentenced', url: articleUrl },
      claim: { articleId },
    });
    expect(sample.priority).toBeGreaterThan(0.3 * 0.6); // urgency 'high' counts

    // Two reviewers share the work: the first task gets a verdict, the rest are verified or dismissed.
    const verifiedClaimId = rows[0].claim_id;
    await Promise.all(
      rows.map(async (row, index) => {
        const reviewer = index % 2 === 0 ? ana : ben;
        const claimed = await stack.http.post(`/v1/review-tasks/${row.id}/claim`).set(bearer(reviewer.apiKey)).expect(200);
        await stack.http
          .post(`/v1/review-tasks/${row.id}/evidence`)
          .set(bearer(reviewer.apiKey))
          .set('If-Match', claimed.body.leaseToken)
          .send({ url: 'https://www.justice.gov/opa/pr/example', title: 'DOJ press release', stance: 'supports' })
          .expect(201);
        if (index === 0 || index % 3 === 1) {
          await stack.http
            .post(`/v1/review-tasks/${row.id}/verdict`)
            .set(bearer(reviewer.apiKey))
            .send({ rating: 'true', summary: 'Confirmed by the Justice Department release.' })
            .expect(200);
        } else {
          await stack.http
            .post(`/v1/review-tasks/${row.id}/dismiss`)
            .set(bearer(reviewer.apiKey))
            .send({ reason: 'Background, not a checkable claim' })
            .expect(200);
        }
      }),
    );

    const completed = await waitFor(async () => {
      const current = await readArticle();
      return current.status === 'completed' ? current : null;
    });
    expect(completed.claims.every((claim: ClaimDto) => ['not_checkworthy', 'verified', 'dismissed'].includes(claim.status))).toBe(true);

    // ClaimReview export of the verified claim.
    const exported = await stack.http.get(`/v1/claims/${verifiedClaimId}/claim-review`).set(bearer(newsroom.apiKey)).expect(200);
    expect(exported.headers['content-type']).toMatch(/^application\/ld\+json/);
    const verifiedClaim = completed.claims.find((claim: ClaimDto) => claim.id === verifiedClaimId);
    const review = exported.body;
    expect(review['@context']).toBe('https://schema.org');
    expect(review['@type']).toBe('ClaimReview');
    expect(review.claimReviewed).toBe(verifiedClaim.text);
    expect(review.reviewRating).toEqual({ '@type': 'Rating', ratingValue: 5, bestRating: 5, worstRating: 1, alternateName: 'true' });
    expect(typeof review.reviewRating.ratingValue).toBe('number');
    expect(review.author).toEqual({ '@type': 'Organization', name: 'Justice Desk' });
    expect(review.publisher).toEqual({ '@type': 'Organization', name: 'Justice Desk' });
    expect(new Date(review.datePublished).toISOString()).toBe(review.datePublished);
    expect(review.url).toMatch(/^https:\/\/news\.example\/iraq-trafficking#claim-/);
    expect(review.itemReviewed).toMatchObject({
      '@type': 'Claim',
      datePublished: expect.any(String),
      appearance: { '@type': 'NewsArticle', url: articleUrl, headline: 'Iraqi man sentenced' },
    });
    await stack.http.get(`/v1/claims/${verifiedClaimId}/claim-review`).set(bearer(ben.apiKey)).expect(200);
    await stack.http.get(`/v1/claims/${verifiedClaimId}/claim-review`).set(bearer(other.apiKey)).expect(404);
    await stack.http.get('/v1/claims/not-a-uuid/claim-review').set(bearer(newsroom.apiKey)).expect(400);
    const dismissed = completed.claims.find((claim: ClaimDto) => claim.status === 'dismissed');
    if (dismissed) await stack.http.get(`/v1/claims/${dismissed.id}/claim-review`).set(bearer(newsroom.apiKey)).expect(409);
    const unchecked = completed.claims.find((claim: ClaimDto) => claim.status === 'not_checkworthy');
    await stack.http.get(`/v1/claims/${unchecked.id}/claim-review`).set(bearer(newsroom.apiKey)).expect(409);

    // The verified claim joined the library: search finds it, with the newsroom as publisher.
    const found = await stack.http
      .get('/v1/fact-checks/search')
      .query({ q: verifiedClaim.text, language: 'en' })
      .set(bearer(ben.apiKey))
      .expect(200);
    expect(found.body.items[0]).toMatchObject({
      claimText: verifiedClaim.text,
      rating: 'true',
      publisher: 'Justice Desk',
      url: articleUrl,
    });
    expect(found.body.items[0].score).toBeGreaterThan(0.9);
    const { rows: library } = await db.query(`SELECT count(*)::int AS n FROM fact_checks WHERE source_claim_id = $1`, [verifiedClaimId]);
    expect(library[0].n).toBe(1);

    // History of the verified claim, every step through the state machine.
    const history = await stack.http.get(`/v1/claims/${verifiedClaimId}`).set(bearer(newsroom.apiKey)).expect(200);
    expect(history.body.events.map((event: { to: string }) => event.to)).toEqual([
      'pending',
      'verifying',
      'needs_review',
      'in_review',
      'verified',
    ]);
    expect(history.body.verdict).toMatchObject({ rating: 'true', summary: 'Confirmed by the Justice Department release.' });
  });
});
