import { type Client } from 'pg';
import { bearer, createNewsroom, createReviewer, startStack, type Stack, waitFor } from '../support/stack';
import { connectDb, type FactCheckStub, seedPendingClaims, startFactCheckStub } from '../support/review-fixtures';

const PROVIDER_TIMEOUT_MS = 4000;

describe('automated verification: prior fact-checks and evidence providers', () => {
  let stack: Stack;
  let db: Client;
  let stub: FactCheckStub;
  let newsroom: { id: string; apiKey: string };
  let reviewer: { id: string; apiKey: string };

  beforeAll(async () => {
    stub = await startFactCheckStub();
    stub.answer = (query) => {
      if (query.includes('lighthouse')) return 'hang';
      if (query.includes('volcano')) return 503;
      return {
        claims: [
          {
            text: 'Freedonia unemployment doubled in 2023',
            claimant: 'A politician',
            claimDate: '2024-01-01T00:00:00Z',
            claimReview: [
              {
                publisher: { name: 'Global Checks', site: 'checks.example' },
                url: 'https://checks.example/freedonia',
                title: 'No, it did not double',
                reviewDate: '2024-01-05T00:00:00Z',
                textualRating: 'Mostly False',
                languageCode: 'en',
              },
            ],
          },
        ],
      };
    };
    // The timeout covers every provider, the prior fact-check library's query included: 300 ms was too
    // short for that query on a loaded box. The hanging stub still times out (twice, with the retry).
    stack = await startStack({
      env: {
        GOOGLE_FACTCHECK_API_KEY: 'stub-key',
        GOOGLE_FACTCHECK_URL: stub.url,
        PROVIDER_TIMEOUT_MS: String(PROVIDER_TIMEOUT_MS),
        PROVIDER_RETRIES: '1',
      },
    });
    db = await connectDb();
    newsroom = await createNewsroom(stack, 'Provider Desk');
    reviewer = await createReviewer(stack, 'Checker');
    await stack.http
      .post('/v1/fact-checks')
      .set(bearer(reviewer.apiKey))
      .send([
        {
          claimText: 'The unemployment rate in Freedonia doubled in 2023.',
          rating: 'false',
          url: 'https://library.example/1',
          publisher: 'Library Checks',
          language: 'en',
        },
        {
          claimText: 'A new lighthouse in Freedonia cost 40 million dollars.',
          rating: 'true',
          url: 'https://library.example/2',
          publisher: 'Library Checks',
          language: 'en',
        },
        {
          claimText: 'The volcano near Freedonia erupted twice in 2022.',
          rating: 'mixed',
          url: 'https://library.example/3',
          publisher: 'Library Checks',
          language: 'en',
        },
      ])
      .expect(201);
  });
  afterAll(async () => {
    await db.end();
    await stack.close();
    await stub.close();
  });

  const settledClaim = (claimId: string) =>
    waitFor(async () => {
      const response = await stack.http.get(`/v1/claims/${claimId}`).set(bearer(newsroom.apiKey)).expect(200);
      return response.body.status === 'needs_review' ? response.body : null;
    }, 45_000); // a timed-out provider costs two timeouts
  const taskOf = async (claimId: string) => {
    const { rows } = await db.query(`SELECT id FROM review_tasks WHERE claim_id = $1`, [claimId]);
    return (await stack.http.get(`/v1/review-tasks/${rows[0].id}`).set(bearer(reviewer.apiKey)).expect(200)).body;
  };

  it('attaches library matches and Google results as evidence and suggestions, best first', async () => {
    const [claimId] = await seedPendingClaims(db, newsroom.id, [{ text: 'Officials say unemployment in Freedonia has doubled in 2023.' }]);
    const claim = await settledClaim(claimId);
    const sources = claim.evidence.map((item: { source: string }) => item.source).sort();
    expect(sources).toEqual(['google_fact_check', 'prior_fact_check']);
    expect(claim.evidence.find((item: { source: string }) => item.source === 'prior_fact_check')).toMatchObject({
      url: 'https://library.example/1',
      stance: 'refutes',
      title: 'The unemployment rate in Freedonia doubled in 2023.',
    });
    expect(claim.evidence.find((item: { source: string }) => item.source === 'google_fact_check')).toMatchObject({
      url: 'https://checks.example/freedonia',
      stance: 'refutes',
    });
    const task = await taskOf(claimId);
    expect(task.status).toBe('open');
    expect(task.suggestions.length).toBe(2);
    const scores = task.suggestions.map((item: { score: number }) => item.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(task.suggestions).toContainEqual(
      expect.objectContaining({
        source: 'prior_fact_check',
        rating: 'false',
        publisher: 'Library Checks',
        factCheckId: expect.any(String),
      }),
    );
    expect(task.suggestions).toContainEqual(
      expect.objectContaining({ source: 'google_fact_check', rating: 'Mostly False', publisher: 'Global Checks' }),
    );
    const request = stub.requests.find(
      (url) => url.searchParams.get('query') === 'Officials say unemployment in Freedonia has doubled in 2023.',
    );
    expect(request?.searchParams.get('languageCode')).toBe('en');
    expect(request?.searchParams.get('key')).toBe('stub-key');
  });

  it("a batch of an article's claims gets each claim its own library matches (one batched library query)", async () => {
    // The first claim repeats the previous test's, whose cluster task is still open: a copy would attach
    // to it without asking any provider (docs/clusters.md). Closing that task makes this one ask again.
    await db.query(`UPDATE review_tasks SET status = 'cancelled' WHERE status IN ('open', 'claimed')`);
    const claimIds = await seedPendingClaims(
      db,
      newsroom.id,
      [
        { text: 'Officials say unemployment in Freedonia has doubled in 2023.' },
        { text: 'Bananas grow well on the northern coast of Freedonia.' },
        { text: 'Reports say the volcano near Freedonia erupted twice in 2022.' },
      ],
      { batch: true },
    );
    const claims = await Promise.all(claimIds.map(settledClaim));
    const libraryUrls = claims.map((claim) =>
      claim.evidence.filter((item: { source: string }) => item.source === 'prior_fact_check').map((item: { url: string }) => item.url),
    );
    expect(libraryUrls).toEqual([['https://library.example/1'], [], ['https://library.example/3']]);
    // The failing Google answer for the volcano claim (503) costs that claim only Google's evidence.
    expect(claims[0].evidence.map((item: { source: string }) => item.source).sort()).toEqual(['google_fact_check', 'prior_fact_check']);
    expect(claims[2].evidence.map((item: { source: string }) => item.source)).toEqual(['prior_fact_check']);
  });

  it('a provider that times out does not hold the claim back: it reaches needs_review with the library evidence', async () => {
    const before = stub.requests.length;
    const [claimId] = await seedPendingClaims(db, newsroom.id, [{ text: 'Freedonia spent 40 million dollars on a new lighthouse.' }]);
    const claim = await settledClaim(claimId);
    expect(claim.evidence.map((item: { source: string }) => item.source)).toEqual(['prior_fact_check']);
    expect(claim.evidence[0]).toMatchObject({ stance: 'supports', url: 'https://library.example/2' });
    expect(stub.requests.length - before).toBe(2); // one retry after the timeout
  });

  it('a provider that errors does not hold the claim back either', async () => {
    const [claimId] = await seedPendingClaims(db, newsroom.id, [{ text: 'The Freedonia volcano erupted two times in 2022.' }]);
    const claim = await settledClaim(claimId);
    expect(claim.evidence.map((item: { source: string; stance: string }) => [item.source, item.stance])).toEqual([
      ['prior_fact_check', 'context'],
    ]);
  });

  it('an unrelated claim gets no prior fact-check', async () => {
    stub.answer = () => ({ claims: [] });
    const [claimId] = await seedPendingClaims(db, newsroom.id, [{ text: 'The school choir won a regional singing contest on Sunday.' }]);
    const claim = await settledClaim(claimId);
    expect(claim.evidence).toEqual([]);
    expect((await taskOf(claimId)).suggestions).toEqual([]);
  });

  it('re-running verification replaces automated evidence instead of duplicating it', async () => {
    const [claimId] = await seedPendingClaims(db, newsroom.id, [{ text: 'Unemployment in Freedonia doubled in 2023, officials said.' }]);
    const first = await settledClaim(claimId);
    expect(first.evidence).toHaveLength(1);
    // A crashed run leaves the claim in verifying; the job runs again.
    await db.query(`UPDATE claims SET status = 'verifying' WHERE id = $1`, [claimId]);
    await db.query(`UPDATE review_tasks SET status = 'cancelled' WHERE claim_id = $1`, [claimId]);
    await db.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload) VALUES ('verification', 'verify-claim', $2, jsonb_build_object('claimId', $1::text, 'version', 99))`,
      [claimId, `claim-${claimId}-v99`],
    );
    const again = await settledClaim(claimId);
    expect(again.evidence).toHaveLength(1);
    expect(again.evidence[0].id).not.toBe(first.evidence[0].id);
    expect((await taskOf(claimId)).status).toBe('open');
  });
});
