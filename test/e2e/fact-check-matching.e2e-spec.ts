import { type NestExpressApplication } from '@nestjs/platform-express';
import { type Client } from 'pg';
import request from 'supertest';
import { ADMIN_KEY, bearer, createNewsroom, createReviewer, startApi, waitFor, withStack } from '../support/stack';
import { connectDb, seedPendingClaims } from '../support/review-fixtures';

describe('fact-check matching: titles, social-media queries, two api processes, library trust', () => {
  const stack = withStack();
  let otherApi: NestExpressApplication;
  let db: Client;
  let reviewer: { id: string; apiKey: string };
  let wire: { id: string; apiKey: string };
  let local: { id: string; apiKey: string };

  beforeAll(async () => {
    otherApi = await startApi();
    db = await connectDb();
    reviewer = await createReviewer(stack, 'Matcher');
    wire = await createNewsroom(stack, 'Wire Desk');
    local = await createNewsroom(stack, 'Local Desk');
    await stack.http
      .post('/v1/fact-checks')
      .set(bearer(reviewer.apiKey))
      .send([
        {
          claimText: 'Australia lost 4.2 million acres of forest to bushfires in 2019.',
          title: 'Did Australian Bushfires Burn 4.2 Million Acres?',
          rating: 'true',
          language: 'en',
          publisher: 'Fire Facts',
        },
        { claimText: 'The moon landing was filmed in a studio.', title: 'Was the Moon Landing Faked?', rating: 'false', language: 'en' },
        { claimText: 'Eating carrots improves night vision dramatically.', rating: 'mostly_false', language: 'en' },
      ])
      .expect(201);
  });
  afterAll(async () => {
    await db.end();
    await otherApi.close();
  });

  const search = (query: Record<string, string | number>, http = stack.http) =>
    http.get('/v1/fact-checks/search').set(bearer(reviewer.apiKey)).query(query).expect(200);

  it('imports title (own shape, ClaimReview headline, else name), returns it in search and exports it as headline', async () => {
    const own = await stack.http
      .post('/v1/fact-checks')
      .set(bearer(reviewer.apiKey))
      .send({ claimText: 'Bananas are radioactive enough to be dangerous.', title: 'Are Bananas Dangerous?', rating: 'false' })
      .expect(201);
    expect(own.body.title).toBe('Are Bananas Dangerous?');
    const imported = await stack.http
      .post('/v1/fact-checks')
      .set(bearer(reviewer.apiKey))
      .send([
        {
          '@type': 'ClaimReview',
          claimReviewed: 'A shark was photographed swimming on a flooded highway in Houston.',
          headline: 'Shark on a Houston Highway?',
          name: 'not this one',
          reviewRating: { alternateName: 'false' },
          author: { name: 'Flood Checks' },
          url: 'https://checks.example/shark',
        },
        {
          '@type': 'ClaimReview',
          claimReviewed: 'Volcanoes emit more CO2 than people.',
          name: 'Volcano CO2',
          reviewRating: { name: 'false' },
        },
        { '@type': 'ClaimReview', claimReviewed: 'Tea cures colds.', reviewRating: { name: 'false' } },
      ])
      .expect(201);
    expect(imported.body.items.map((item: { title: string | null }) => item.title)).toEqual([
      'Shark on a Houston Highway?',
      'Volcano CO2',
      null,
    ]);

    const found = await search({ q: 'shark highway houston flood', language: 'en' });
    expect(found.body.items[0]).toMatchObject({ title: 'Shark on a Houston Highway?', publisher: 'Flood Checks' });

    const exported = await stack.http
      .get(`/v1/fact-checks/${imported.body.items[0].id}/claim-review`)
      .set(bearer(reviewer.apiKey))
      .expect(200);
    expect(exported.headers['content-type']).toContain('application/ld+json');
    expect(JSON.parse(exported.text)).toMatchObject({
      '@type': 'ClaimReview',
      headline: 'Shark on a Houston Highway?',
      claimReviewed: 'A shark was photographed swimming on a flooded highway in Houston.',
      reviewRating: { alternateName: 'false' },
      url: 'https://checks.example/shark',
    });
    await stack.http.get(`/v1/fact-checks/00000000-0000-4000-8000-000000000000/claim-review`).set(bearer(reviewer.apiKey)).expect(404);
  });

  it('refuses a huge or non-text headline with 400 naming the field', async () => {
    const base = { '@type': 'ClaimReview', claimReviewed: 'x', reviewRating: { name: 'false' } };
    const huge = await stack.http
      .post('/v1/fact-checks')
      .set(bearer(reviewer.apiKey))
      .send({ ...base, headline: 'h'.repeat(1001) })
      .expect(400);
    expect(JSON.stringify(huge.body)).toContain('body.headline must be at most 1000 characters');
    const named = await stack.http
      .post('/v1/fact-checks')
      .set(bearer(reviewer.apiKey))
      .send({ ...base, name: { text: 'x' } })
      .expect(400);
    expect(JSON.stringify(named.body)).toContain('body.name must be a string');
    await stack.http
      .post('/v1/fact-checks')
      .set(bearer(reviewer.apiKey))
      .send({ claimText: 'x', rating: 'false', title: 't'.repeat(1001) })
      .expect(400);
  });

  it('matches a raw tweet: links, handles, hashtags, emoji, numbers written differently, the signature', async () => {
    const tweet =
      '🔥🔥 #AustralianBushfires have burned 4,200,000 acres!!! https://t.co/AbCdEf pic.twitter.com/xyz123 ' +
      '— Jane Doe (@JaneDoe) January 3, 2020';
    const response = await search({ q: tweet, language: 'en' });
    expect(response.body.items[0]).toMatchObject({ title: 'Did Australian Bushfires Burn 4.2 Million Acres?' });
    expect(response.body.items[0].score).toBeGreaterThan(response.body.items[1]?.score ?? 0);
  });

  it('answers 200 with no items for 2,000 characters of emoji, links or punctuation', async () => {
    for (const unit of ['😀🔥👉', 'https://t.co/abc ', '!?.,;:-']) {
      const q = unit.repeat(Math.floor(2000 / unit.length));
      const response = await search({ q, language: 'en' });
      expect(response.body.items).toEqual([]);
    }
  });

  it('falls back to plain folded words for a language with no stemmer', async () => {
    await stack.http
      .post('/v1/fact-checks')
      .set(bearer(reviewer.apiKey))
      .send({ claimText: 'Ο πληθωρισμός στην Ελλάδα διπλασιάστηκε το 2023.', rating: 'false', language: 'el' })
      .expect(201);
    const response = await search({ q: 'πληθωρισμός Ελλάδα διπλασιάστηκε', language: 'el' });
    expect(response.body.items[0]).toMatchObject({ language: 'el' });
    await search({ q: 'anything at all', language: 'tlh' });
  });

  it('an item added through one api process is found at once by a search through another', async () => {
    const created = await request(otherApi.getHttpServer())
      .post('/v1/fact-checks')
      .set(bearer(reviewer.apiKey))
      .send({ claimText: 'Zorblaxian officials banned umbrellas on Tuesdays.', title: 'Umbrella Ban in Zorblax?', rating: 'false' })
      .expect(201);
    const response = await search({ q: 'Zorblax banned umbrellas on tuesday', language: 'en' });
    expect(response.body.items[0]).toMatchObject({ id: created.body.id });
    const back = await search({ q: 'Zorblax banned umbrellas on tuesday', language: 'en' }, request(otherApi.getHttpServer()));
    expect(back.body.items[0]).toMatchObject({ id: created.body.id });
  });

  const settledClaim = (claimId: string, key: string) =>
    waitFor(async () => {
      const response = await stack.http.get(`/v1/claims/${claimId}`).set(bearer(key)).expect(200);
      return response.body.status === 'needs_review' ? response.body : null;
    });
  const priorFactChecks = (claim: { evidence: { source: string; url: string | null; title: string }[] }) =>
    claim.evidence.filter((item) => item.source === 'prior_fact_check').map((item) => item.title);
  const suggestionsOf = async (claimId: string) => {
    // The claim's cluster has the task (copies of one claim share it).
    const { rows } = await db.query(
      `SELECT t.id FROM review_tasks t JOIN claims c ON c.cluster_id = t.cluster_id WHERE c.id = $1 AND t.status IN ('open', 'claimed')`,
      [claimId],
    );
    return (await stack.http.get(`/v1/review-tasks/${rows[0].id}`).set(bearer(reviewer.apiKey)).expect(200)).body.suggestions;
  };

  it('verification turns a true match into a suggestion and prior_fact_check evidence', async () => {
    const [claimId] = await seedPendingClaims(db, local.id, [{ text: 'Bushfires burned 4.2 million acres of Australian forest in 2019.' }]);
    const claim = await settledClaim(claimId, local.apiKey);
    expect(priorFactChecks(claim)).toEqual(['Did Australian Bushfires Burn 4.2 Million Acres?']);
    const suggestions = await suggestionsOf(claimId);
    expect(suggestions).toEqual([
      expect.objectContaining({ source: 'prior_fact_check', rating: 'true', factCheckId: expect.any(String), score: expect.any(Number) }),
    ]);
  });

  it("library trust: another newsroom's import is evidence only for it until an admin trusts it or its publisher", async () => {
    const item = { claimText: 'The Freedonian central bank printed 900 billion ducats overnight.', rating: 'false', language: 'en' };
    await stack.http
      .post('/v1/fact-checks')
      .set(bearer(wire.apiKey))
      .send({ ...item, publisher: 'Ducat Watch' })
      .expect(201);
    const claimText = 'The central bank of Freedonia printed 900 billion ducats overnight.';

    const [own] = await seedPendingClaims(db, wire.id, [{ text: claimText }]);
    expect(priorFactChecks(await settledClaim(own, wire.apiKey))).toEqual([item.claimText]);
    const [other] = await seedPendingClaims(db, local.id, [{ text: claimText }]);
    expect(priorFactChecks(await settledClaim(other, local.apiKey))).toEqual([]);
    // (Its copy joins the wire claim's cluster and task, so no provider is asked about it; trust governs the
    // evidence on each newsroom's own claim. Each later copy below is verified after closing that task, so it
    // asks the library again.)
    const closeClusterTasks = () => db.query(`UPDATE review_tasks SET status = 'cancelled' WHERE status IN ('open', 'claimed')`);
    // Manual search still shows the whole (public) library.
    expect((await search({ q: claimText, language: 'en' })).body.items[0]).toMatchObject({ claimText: item.claimText });

    await stack.http
      .put('/v1/admin/library-trust/publishers')
      .set(bearer(ADMIN_KEY))
      .send({ publisher: ' ducat watch ', trusted: true })
      .expect(200);
    await closeClusterTasks();
    const [byPublisher] = await seedPendingClaims(db, local.id, [{ text: claimText }]);
    expect(priorFactChecks(await settledClaim(byPublisher, local.apiKey))).toEqual([item.claimText]);
    await stack.http
      .put('/v1/admin/library-trust/publishers')
      .set(bearer(ADMIN_KEY))
      .send({ publisher: 'Ducat Watch', trusted: false })
      .expect(200);

    const trusted = await stack.http
      .put(`/v1/admin/library-trust/newsrooms/${wire.id}`)
      .set(bearer(ADMIN_KEY))
      .send({ trusted: true })
      .expect(200);
    expect(trusted.body).toEqual({ newsroomId: wire.id, name: 'Wire Desk', trusted: true });
    const listed = await stack.http.get('/v1/admin/library-trust').set(bearer(ADMIN_KEY)).expect(200);
    expect(listed.body).toEqual({ newsrooms: [{ id: wire.id, name: 'Wire Desk' }], publishers: [] });
    await closeClusterTasks();
    const [byNewsroom] = await seedPendingClaims(db, local.id, [{ text: claimText }]);
    expect(priorFactChecks(await settledClaim(byNewsroom, local.apiKey))).toEqual([item.claimText]);

    await stack.http.put(`/v1/admin/library-trust/newsrooms/${local.id}`).set(bearer(wire.apiKey)).send({ trusted: true }).expect(403);
    await stack.http.put(`/v1/admin/library-trust/newsrooms/${wire.id}`).set(bearer(ADMIN_KEY)).send({ trusted: 'yes' }).expect(400);
    await stack.http
      .put('/v1/admin/library-trust/newsrooms/00000000-0000-4000-8000-000000000000')
      .set(bearer(ADMIN_KEY))
      .send({ trusted: true })
      .expect(404);
    await stack.http.put('/v1/admin/library-trust/publishers').set(bearer(ADMIN_KEY)).send({ publisher: '  ', trusted: true }).expect(400);
  });
  it('a flood of untrusted near-duplicates does not push a trusted item out of automatic evidence (trust before the cut)', async () => {
    const flood = await createNewsroom(stack, 'Flood Desk');
    const claimText = 'The Zorbian mint melted 700 tons of gold coins last spring.';
    await stack.http
      .post('/v1/fact-checks')
      .set(bearer(flood.apiKey))
      .send(Array.from({ length: 150 }, () => ({ claimText, rating: 'true', language: 'en', publisher: 'Flood Facts' })))
      .expect(201);
    const trusted = 'Did the mint of Zorbia melt down 700 tons of gold coins in the spring?';
    await stack.http
      .post('/v1/fact-checks')
      .set(bearer(reviewer.apiKey))
      .send({ claimText: trusted, rating: 'false', language: 'en' })
      .expect(201);
    const manual = (await search({ q: claimText, language: 'en', limit: 20 })).body.items as { claimText: string }[];
    expect(manual.map((item) => item.claimText)).not.toContain(trusted);
    const [claimId] = await seedPendingClaims(db, local.id, [{ text: claimText }]);
    expect(priorFactChecks(await settledClaim(claimId, local.apiKey))).toEqual([trusted]);
  });
});
