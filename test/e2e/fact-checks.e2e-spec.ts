import fc from 'fast-check';
import { ADMIN_KEY, bearer, createNewsroom, createReviewer, withStack } from '../support/stack';

describe('fact-check library: import and search', () => {
  const stack = withStack({ worker: false });
  let newsroom: { id: string; apiKey: string };
  let reviewer: { id: string; apiKey: string };

  beforeAll(async () => {
    newsroom = await createNewsroom(stack, 'Library Desk');
    reviewer = await createReviewer(stack, 'Librarian');
  });

  const post = (body: unknown, key = newsroom.apiKey) =>
    stack.http
      .post('/v1/fact-checks')
      .set(bearer(key))
      .send(body as object);
  const search = (query: Record<string, string | number>, key = reviewer.apiKey) =>
    stack.http.get('/v1/fact-checks/search').set(bearer(key)).query(query);

  it('imports a single item and returns it with who added it', async () => {
    const response = await post({
      claimText: 'The unemployment rate in Freedonia doubled in 2023.',
      rating: 'false',
      url: 'https://factcheck.example/unemployment',
      publisher: 'Fact Desk',
      language: 'en',
      reviewedAt: '2024-01-10T10:00:00Z',
    }).expect(201);
    expect(response.body).toMatchObject({
      id: expect.any(String),
      claimText: 'The unemployment rate in Freedonia doubled in 2023.',
      rating: 'false',
      url: 'https://factcheck.example/unemployment',
      publisher: 'Fact Desk',
      language: 'en',
      reviewedAt: '2024-01-10T10:00:00.000Z',
      addedBy: newsroom.id,
    });
  });

  it('imports a ClaimReview JSON-LD object and a mixed batch in input order', async () => {
    const single = await post(
      {
        '@context': 'https://schema.org',
        '@type': 'ClaimReview',
        claimReviewed: 'Drinking hot water cures influenza within a day.',
        reviewRating: { '@type': 'Rating', ratingValue: 1, alternateName: 'Pants on Fire' },
        url: 'https://factcheck.example/hot-water',
        author: { '@type': 'Organization', name: 'Health Checkers' },
        datePublished: '2023-11-02',
        inLanguage: 'en',
      },
      reviewer.apiKey,
    ).expect(201);
    expect(single.body).toMatchObject({
      rating: 'Pants on Fire',
      publisher: 'Health Checkers',
      reviewedAt: '2023-11-02T00:00:00.000Z',
      addedBy: reviewer.id,
    });

    const batch = await post([
      { claimText: 'El desempleo en Freedonia se duplicó en 2023.', rating: 'false', language: 'es', publisher: 'Verificado' },
      {
        '@type': 'ClaimReview',
        claimReviewed: 'The moon landing was filmed in a studio.',
        reviewRating: { alternateName: 'false' },
        publisher: { name: 'Space Facts' },
      },
      { claimText: 'Freedonia exported more wheat than ever in 2022.', rating: 'mostly_true', language: 'en-GB' },
    ]).expect(201);
    expect(batch.body.items.map((item: { claimText: string }) => item.claimText)).toEqual([
      'El desempleo en Freedonia se duplicó en 2023.',
      'The moon landing was filmed in a studio.',
      'Freedonia exported more wheat than ever in 2022.',
    ]);
    expect(batch.body.items[1]).toMatchObject({ rating: 'false', publisher: 'Space Facts' });
  });

  it('finds a paraphrase, best first, with a score in 0..1', async () => {
    const response = await search({ q: 'Official figures show Freedonia unemployment has doubled in 2023', language: 'en' }).expect(200);
    expect(response.body.nextCursor).toBeNull();
    expect(response.body.items[0]).toMatchObject({
      claimText: 'The unemployment rate in Freedonia doubled in 2023.',
      rating: 'false',
      publisher: 'Fact Desk',
    });
    expect(response.body.items[0].score).toBeGreaterThan(0.35);
    expect(response.body.items[0].score).toBeLessThanOrEqual(1);
    const scores = response.body.items.map((item: { score: number }) => item.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('does not find an unrelated claim', async () => {
    const response = await search({ q: 'The city council approved a new budget for public libraries', language: 'en' }).expect(200);
    expect(response.body.items.filter((item: { score: number }) => item.score >= 0.35)).toEqual([]);
  });

  it('matches a Spanish paraphrase with Spanish stemming and accent folding', async () => {
    const response = await search({ q: 'el desempleo de Freedonia se duplico durante 2023', language: 'es-ES' }).expect(200);
    expect(response.body.items[0]).toMatchObject({ claimText: 'El desempleo en Freedonia se duplicó en 2023.', publisher: 'Verificado' });
    expect(response.body.items[0].score).toBeGreaterThan(0.35);
    expect(response.body.items.map((item: { claimText: string }) => item.claimText)).not.toContain(
      'The unemployment rate in Freedonia doubled in 2023.',
    );
  });

  it('honours limit', async () => {
    const response = await search({ q: 'Freedonia', limit: 1 }).expect(200);
    expect(response.body.items).toHaveLength(1);
  });

  it('refuses bad search parameters with 400', async () => {
    await search({}).expect(400);
    await search({ q: '' }).expect(400);
    await search({ q: 'x'.repeat(2001) }).expect(400);
    await search({ q: 'x', limit: 0 }).expect(400);
    await search({ q: 'x', limit: 201 }).expect(400);
    await search({ q: 'x', limit: 'ten' }).expect(400);
    await search({ q: 'x', cursor: 'abc' }).expect(400);
    await search({ q: 'x', language: 'not a tag!' }).expect(400);
    await search({ q: '!!! ??? ...' }).expect(200);
    await search({ q: 'the and of', language: 'en' }).expect(200);
  });

  it('refuses bad imports with 400 and wrong roles with 403', async () => {
    await post({}).expect(400);
    await post([]).expect(400);
    await post([1, 2]).expect(400);
    await post({ claimText: 'x', rating: 'false', extra: true }).expect(400);
    await post({ claimText: 'x', rating: 7 }).expect(400);
    await post({ claimText: '   ', rating: 'false' }).expect(400);
    await post({ claimText: 'x', rating: 'false', url: 'javascript:alert(1)' }).expect(400);
    await post({ claimText: 'x', rating: 'false', reviewedAt: 'yesterday' }).expect(400);
    await post({ '@type': 'ClaimReview', claimReviewed: 'x' }).expect(400);
    await post(Array.from({ length: 1001 }, () => ({ claimText: 'x', rating: 'false' }))).expect(400);
    await stack.http
      .post('/v1/fact-checks')
      .set(bearer(newsroom.apiKey))
      .set('content-type', 'application/json')
      .send('"just a string"')
      .expect(400);
    await stack.http.post('/v1/fact-checks').set(bearer(newsroom.apiKey)).set('content-type', 'text/plain').send('hello').expect(415);
    await stack.http.post('/v1/fact-checks').set(bearer(ADMIN_KEY)).send({ claimText: 'x', rating: 'false' }).expect(403);
    await stack.http.get('/v1/fact-checks/search?q=x').set(bearer(ADMIN_KEY)).expect(403);
    await stack.http.get('/v1/fact-checks/search?q=x').expect(401);
  });

  it('imports a batch of 1000', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({
      claimText: `Bulk claim number ${i} about Freedonia exports`,
      rating: 'mixed',
      language: 'en',
    }));
    const response = await post(items).expect(201);
    expect(response.body.items).toHaveLength(1000);
    expect(response.body.items[999].claimText).toBe('Bulk claim number 999 about Freedonia exports');
  });

  it('never answers 5xx to arbitrary import bodies (property)', async () => {
    const item = fc.oneof(
      fc.record(
        {
          claimText: fc.string(),
          rating: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
          url: fc.oneof(fc.webUrl(), fc.string()),
          language: fc.string(),
          reviewedAt: fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.string(),
          ),
        },
        { requiredKeys: [] },
      ),
      fc.record(
        {
          '@type': fc.constant('ClaimReview'),
          claimReviewed: fc.oneof(fc.string(), fc.integer()),
          reviewRating: fc.oneof(fc.record({ alternateName: fc.string() }), fc.string(), fc.constant(null)),
          author: fc.anything(),
          inLanguage: fc.anything(),
          datePublished: fc.anything(),
        },
        { requiredKeys: ['@type'] },
      ),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(item, fc.array(item, { maxLength: 5 })), async (body) => {
        const response = await stack.http
          .post('/v1/fact-checks')
          .set(bearer(newsroom.apiKey))
          .set('content-type', 'application/json')
          .send(JSON.stringify(body) ?? 'null');
        expect(response.status).toBeLessThan(500);
        expect([201, 400]).toContain(response.status);
      }),
      { numRuns: 150 },
    );
  });
});
