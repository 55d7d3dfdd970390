import fc from 'fast-check';
import { ADMIN_KEY, bearer, createNewsroom, createReviewer, waitFor, withStack } from '../support/stack';

describe('API contract: auth, tenancy, validation, limits', () => {
  const stack = withStack({ worker: false });
  let newsroom: { id: string; apiKey: string; apiKeyId: string };
  let other: { id: string; apiKey: string };
  let reviewer: { id: string; apiKey: string };

  beforeAll(async () => {
    newsroom = await createNewsroom(stack, 'Desk A');
    other = await createNewsroom(stack, 'Desk B');
    reviewer = await createReviewer(stack, 'Rita', ['en']);
  });

  const submit = (key: string, body: unknown, headers: Record<string, string> = {}) =>
    stack.http
      .post('/v1/articles')
      .set(bearer(key))
      .set(headers)
      .send(body as object);

  describe('auth', () => {
    it('answers 401 without a key, with an unknown key, and with a revoked key', async () => {
      await stack.http.get('/v1/articles').expect(401);
      await stack.http.get('/v1/articles').set(bearer('cf_nr_nope')).expect(401);
      await stack.http.get('/v1/articles').set({ Authorization: 'Basic abc' }).expect(401);
      const extra = await stack.http.post(`/v1/admin/newsrooms/${newsroom.id}/api-keys`).set(bearer(ADMIN_KEY)).expect(201);
      await stack.http.get('/v1/articles').set(bearer(extra.body.apiKey)).expect(200);
      await stack.http.post(`/v1/admin/api-keys/${extra.body.apiKeyId}/revoke`).set(bearer(ADMIN_KEY)).expect(200);
      const denied = await stack.http.get('/v1/articles').set(bearer(extra.body.apiKey)).expect(401);
      expect(denied.body).toMatchObject({ statusCode: 401, message: expect.any(String) });
      await stack.http.get('/v1/articles').set(bearer(newsroom.apiKey)).expect(200);
    });

    it('drops a key revoked by another process at once, also after its revocation channel reconnects', async () => {
      const extra = await stack.http.post(`/v1/admin/newsrooms/${newsroom.id}/api-keys`).set(bearer(ADMIN_KEY)).expect(201);
      const dataSource = stack.api.get((await import('typeorm')).DataSource);
      const listener = () =>
        dataSource.query<{ pid: number }[]>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN claimflow_api_keys'`,
        );
      const use = () => stack.http.get('/v1/articles').set(bearer(extra.body.apiKey));
      const revokedWithin = async (ms: number) => {
        const deadline = Date.now() + ms;
        while (Date.now() < deadline) {
          if ((await use()).status === 401) return true;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return false;
      };
      await use().expect(200);
      const [first] = await waitFor(async () => ((await listener()).length > 0 ? listener() : null), 5000);
      // The channel drops: this process must not trust what it cached before, and must listen again.
      await dataSource.query(`SELECT pg_terminate_backend($1)`, [first.pid]);
      await waitFor(async () => ((await listener()).some((row) => row.pid !== first.pid) ? true : null), 5000);
      for (let i = 0; i < 3; i += 1) await use().expect(200);
      // Revoked by "another process": straight in the database, not through this API.
      await dataSource.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [extra.body.apiKeyId]);
      expect(await revokedWithin(1000)).toBe(true);
      await use().expect(401);
    });

    it('answers 403 for the wrong role', async () => {
      await stack.http.get('/v1/articles').set(bearer(reviewer.apiKey)).expect(403);
      await stack.http.get('/v1/articles').set(bearer(ADMIN_KEY)).expect(403);
      await stack.http.post('/v1/admin/newsrooms').set(bearer(newsroom.apiKey)).send({ name: 'x' }).expect(403);
    });

    it('lists keys by owner without ever showing the key, and never stores it in plain text', async () => {
      const listed = await stack.http.get(`/v1/admin/api-keys?ownerId=${newsroom.id}`).set(bearer(ADMIN_KEY)).expect(200);
      expect(listed.body.items.length).toBeGreaterThanOrEqual(2);
      for (const key of listed.body.items) {
        expect(Object.keys(key).sort()).toEqual(['createdAt', 'id', 'ownerId', 'prefix', 'revokedAt', 'role']);
        expect(newsroom.apiKey.startsWith(key.prefix) || key.revokedAt !== null || key.id !== newsroom.apiKeyId).toBe(true);
      }
      const dataSource = stack.api.get((await import('typeorm')).DataSource);
      const rows = await dataSource.query(`SELECT * FROM api_keys`);
      expect(JSON.stringify(rows)).not.toContain(newsroom.apiKey);
      await stack.http.get('/v1/admin/api-keys?ownerId=not-a-uuid').set(bearer(ADMIN_KEY)).expect(400);
      await stack.http
        .post(`/v1/admin/api-keys/${'0'.repeat(8)}-0000-0000-0000-000000000000/revoke`)
        .set(bearer(ADMIN_KEY))
        .expect(404);
      await stack.http.post(`/v1/admin/newsrooms/6f1c1f8e-0000-4000-8000-000000000000/api-keys`).set(bearer(ADMIN_KEY)).expect(404);
    });
  });

  describe('articles', () => {
    it("hides another newsroom's article behind 404", async () => {
      const created = await submit(newsroom.apiKey, { text: 'The budget grew by 4% in 2024.' }).expect(202);
      await stack.http.get(`/v1/articles/${created.body.id}`).set(bearer(newsroom.apiKey)).expect(200);
      await stack.http.get(`/v1/articles/${created.body.id}`).set(bearer(other.apiKey)).expect(404);
      const list = await stack.http.get('/v1/articles').set(bearer(other.apiKey)).expect(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(created.body.id);
    });

    it('returns the same article for the same Idempotency-Key and body, also for 10 concurrent requests', async () => {
      const body = { title: 'Same', text: 'Unemployment fell to 3.9% in March.', metadata: { a: 1, b: [1, 2] } };
      const first = await submit(newsroom.apiKey, body, { 'Idempotency-Key': 'key-1' }).expect(202);
      const reordered = { metadata: { b: [1, 2], a: 1 }, text: body.text, title: 'Same' };
      const replay = await submit(newsroom.apiKey, reordered, { 'Idempotency-Key': 'key-1' }).expect(200);
      expect(replay.body.id).toBe(first.body.id);
      await submit(newsroom.apiKey, { ...body, title: 'Different' }, { 'Idempotency-Key': 'key-1' }).expect(422);
      // the key is per newsroom: another newsroom gets its own article
      const foreign = await submit(other.apiKey, body, { 'Idempotency-Key': 'key-1' }).expect(202);
      expect(foreign.body.id).not.toBe(first.body.id);

      const concurrent = await Promise.all(
        Array.from({ length: 10 }, () =>
          submit(newsroom.apiKey, { text: 'Crime rose 12% last year.' }, { 'Idempotency-Key': 'key-concurrent' }),
        ),
      );
      for (const response of concurrent) expect([200, 202]).toContain(response.status);
      expect(new Set(concurrent.map((response) => response.body.id)).size).toBe(1);
      expect(concurrent.filter((response) => response.status === 202)).toHaveLength(1);
      const dataSource = stack.api.get((await import('typeorm')).DataSource);
      const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM articles WHERE text = 'Crime rose 12% last year.'`);
      expect(count).toBe(1);
    });

    it('refuses malformed Idempotency-Keys', async () => {
      await submit(newsroom.apiKey, { text: 'x y z.' }, { 'Idempotency-Key': 'x'.repeat(256) }).expect(400);
      await submit(newsroom.apiKey, { text: 'x y z.' }, { 'Idempotency-Key': 'tab\tkey' }).expect(400);
    });

    it('turns HTML into plain text and refuses content without text', async () => {
      const created = await submit(newsroom.apiKey, {
        html: '<html><head><style>p{}</style><script>alert(1)</script></head><body><h1>Title</h1><p>Rates rose &amp; fell by 2%.</p></body></html>',
      }).expect(202);
      const article = await stack.http.get(`/v1/articles/${created.body.id}`).set(bearer(newsroom.apiKey)).expect(200);
      expect(article.body.text).toContain('Rates rose & fell by 2%.');
      expect(article.body.text).not.toContain('alert');
      expect(article.body.text).not.toContain('p{}');
      for (const body of [{ text: '   ' }, { html: '<p> </p><script>x()</script>' }, { text: 'a', html: '<p>a</p>' }, {}]) {
        const response = await submit(newsroom.apiKey, body).expect(400);
        expect(response.body.statusCode).toBe(400);
      }
    });

    it('lists newest first with cursors, and refuses bad limits and foreign cursors', async () => {
      for (let index = 0; index < 3; index += 1) await submit(other.apiKey, { text: `Claim number ${index} is 5% true.` }).expect(202);
      const first = await stack.http.get('/v1/articles?limit=2').set(bearer(other.apiKey)).expect(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      expect(first.body.items[0]).not.toHaveProperty('text');
      const second = await stack.http.get(`/v1/articles?limit=2&cursor=${first.body.nextCursor}`).set(bearer(other.apiKey)).expect(200);
      const ids = [...first.body.items, ...second.body.items].map((item: { id: string }) => item.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const query of ['limit=0', 'limit=201', 'limit=abc', 'cursor=forged', 'cursor=eyJrIjoxLCJpZCI6IngifQ.AAAA', 'status=nope']) {
        await stack.http.get(`/v1/articles?${query}`).set(bearer(other.apiKey)).expect(400);
      }
      // rows created within the same millisecond are neither skipped nor repeated
      const dataSource = stack.api.get((await import('typeorm')).DataSource);
      const sameMs = await createNewsroom(stack, 'Same millisecond desk');
      await dataSource.query(
        `INSERT INTO articles (id, newsroom_id, status, source_format, text, created_at)
         SELECT gen_random_uuid(), $1, 'received', 'text', 'x', '2026-01-01T00:00:00.123Z'::timestamptz + s * interval '1 microsecond'
           FROM generate_series(1, 3) s`,
        [sameMs.id],
      );
      const seen: string[] = [];
      let cursor = '';
      do {
        const page = await stack.http
          .get(`/v1/articles?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
          .set(bearer(sameMs.apiKey))
          .expect(200);
        seen.push(...page.body.items.map((item: { id: string }) => item.id));
        cursor = page.body.nextCursor ?? '';
      } while (cursor);
      expect(new Set(seen).size).toBe(3);
      expect(seen).toHaveLength(3);

      const filtered = await stack.http.get('/v1/articles?status=received&limit=200').set(bearer(other.apiKey)).expect(200);
      for (const item of filtered.body.items) expect(item.status).toBe('received');
    });
  });

  describe('bad input never answers 500', () => {
    it('rejects non-JSON bodies, malformed JSON, NUL characters, bad ids and oversized bodies', async () => {
      await stack.http.post('/v1/articles').set(bearer(newsroom.apiKey)).set('Content-Type', 'text/plain').send('hello').expect(415);
      await stack.http
        .post('/v1/articles')
        .set(bearer(newsroom.apiKey))
        .set('Content-Type', 'application/json')
        .send('{"text": ')
        .expect(400);
      await submit(newsroom.apiKey, { text: 'bad\u0000text' }).expect(400);
      await submit(newsroom.apiKey, [1, 2, 3]).expect(400);
      await stack.http.get('/v1/articles/not-a-uuid').set(bearer(newsroom.apiKey)).expect(400);
      await stack.http.get('/v1/claims/not-a-uuid').set(bearer(newsroom.apiKey)).expect(400);
      await stack.http.get('/v1/claims/6f1c1f8e-0000-4000-8000-000000000000').set(bearer(newsroom.apiKey)).expect(404);
      const big = 'a'.repeat(10 * 1024 * 1024 + 10);
      const tooLarge = await stack.http
        .post('/v1/articles')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ text: big }));
      expect(tooLarge.status).toBe(413); // before auth: no key was sent
    });

    it('names each offending field', async () => {
      const response = await submit(newsroom.apiKey, {
        text: 'fine.',
        url: 'ftp://x',
        language: 'not a tag!',
        externalId: 'x'.repeat(300),
        title: 'x'.repeat(1001),
        publishedAt: 'yesterday',
        metadata: { deep: { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: 1 } } } } } } } } } } },
        unknown: true,
      }).expect(400);
      const message = JSON.stringify(response.body.message);
      for (const field of ['url', 'language', 'externalId', 'title', 'publishedAt', 'metadata', 'unknown'])
        expect(message).toContain(field);
    });

    it('answers 4xx for arbitrary article bodies (property-based)', async () => {
      const value = fc.oneof(
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.string(), { maxLength: 3 }),
        fc.object({ maxDepth: 2 }),
      );
      const body = fc.record(
        {
          title: value,
          text: value,
          html: value,
          url: value,
          language: value,
          publishedAt: value,
          externalId: value,
          metadata: value,
          urgency: value,
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(body, async (candidate) => {
          const response = await submit(newsroom.apiKey, candidate);
          expect(response.status).toBeLessThan(500);
          expect([200, 202, 400, 413, 422]).toContain(response.status);
        }),
        { numRuns: 150 },
      );
    });

    it('answers 4xx for arbitrary admin and extract bodies (property-based)', async () => {
      const anything = fc.anything({ maxDepth: 3 });
      await fc.assert(
        fc.asyncProperty(anything, anything, async (name, languages) => {
          const newsroomResponse = await stack.http.post('/v1/admin/newsrooms').set(bearer(ADMIN_KEY)).send({ name });
          expect([201, 400]).toContain(newsroomResponse.status);
          const reviewerResponse = await stack.http.post('/v1/admin/reviewers').set(bearer(ADMIN_KEY)).send({ name: 'r', languages });
          expect([201, 400]).toContain(reviewerResponse.status);
          const extractResponse = await stack.http
            .post('/v1/extract')
            .set(bearer(reviewer.apiKey))
            .send({ text: name, language: languages });
          expect([200, 400]).toContain(extractResponse.status);
        }),
        { numRuns: 60 },
      );
    });
  });

  describe('public endpoints', () => {
    it('serves health, OpenAPI and metrics without a key', async () => {
      await stack.http.get('/health/live').expect(200);
      const ready = await stack.http.get('/health/ready').expect(200);
      expect(ready.body.checks).toEqual({ postgres: 'up', redis: 'up' });
      const docs = await stack.http.get('/docs-json').expect(200);
      expect(docs.body.paths).toHaveProperty('/v1/articles');
      await stack.http.get('/docs').expect(200);
      const metrics = await stack.http.get('/metrics').expect(200);
      expect(metrics.text).toContain('claimflow_http_requests_total');
      expect(metrics.text).toMatch(/claimflow_outbox_backlog \d+/);
    });
  });

  describe('extraction preview', () => {
    it('segments and scores synchronously, storing nothing', async () => {
      const response = await stack.http
        .post('/v1/extract')
        .set(bearer(reviewer.apiKey))
        .send({ text: 'Inflation rose to 7.5% in 2022, the highest in 40 years. I love this city.' })
        .expect(200);
      expect(response.body.language).toBe('en');
      expect(response.body.claims).toHaveLength(2);
      for (const claim of response.body.claims) {
        expect(response.body.text.slice(claim.start, claim.end)).toBe(claim.text);
        expect(typeof claim.checkworthy).toBe('boolean');
      }
      expect(response.body.claims[0].checkworthiness).toBeGreaterThan(response.body.claims[1].checkworthiness);
      await stack.http.post('/v1/extract').set(bearer(ADMIN_KEY)).send({ text: 'x' }).expect(403);
      await stack.http.post('/v1/extract').set(bearer(reviewer.apiKey)).send({}).expect(400);
    });
  });
});
