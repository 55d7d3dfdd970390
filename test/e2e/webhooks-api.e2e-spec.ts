import fc from 'fast-check';
import { bearer, createNewsroom, createReviewer, withStack } from '../support/stack';
import { PRIVATE_NETWORKS_ALLOWED, registerEndpoint } from '../support/webhook-receiver';

const ALL_TYPES = ['article.claims_extracted', 'claim.status_changed', 'claim.verified', 'article.completed', 'article.failed'];
const RANDOM_UUID = '0190a8e4-1111-7aaa-8bbb-0123456789ab';

describe('webhooks API: endpoints', () => {
  const stack = withStack({ worker: false, env: PRIVATE_NETWORKS_ALLOWED });
  let newsroom: { id: string; apiKey: string };
  let other: { id: string; apiKey: string };

  beforeAll(async () => {
    newsroom = await createNewsroom(stack, 'Hooks Desk');
    other = await createNewsroom(stack, 'Other Desk');
  });

  it('creates an endpoint with a whsec_ secret shown once and every event type listed', async () => {
    const created = await stack.http
      .post('/v1/webhooks')
      .set(bearer(newsroom.apiKey))
      .send({ url: 'http://127.0.0.1:9/hook', description: 'CMS' })
      .expect(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      url: 'http://127.0.0.1:9/hook',
      events: ALL_TYPES,
      description: 'CMS',
      disabledAt: null,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(created.body.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);

    const fetched = await stack.http.get(`/v1/webhooks/${created.body.id}`).set(bearer(newsroom.apiKey)).expect(200);
    expect(fetched.body.secret).toBeUndefined();
    expect(fetched.body.events).toEqual(ALL_TYPES);
    const listed = await stack.http.get('/v1/webhooks').set(bearer(newsroom.apiKey)).expect(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(created.body.id);
    expect(listed.body.items.every((item: object) => !('secret' in item))).toBe(true);
  });

  it('keeps a chosen event filter, in canonical order, without duplicates', async () => {
    const created = await registerEndpoint(stack, newsroom.apiKey, {
      url: 'http://127.0.0.1:9/filtered',
      events: ['claim.verified', 'article.completed', 'claim.verified'],
    });
    expect(created.events).toEqual(['claim.verified', 'article.completed']);
  });

  it('refuses an empty or unknown event filter, and bad urls', async () => {
    for (const body of [
      { url: 'http://127.0.0.1:9/x', events: [] },
      { url: 'http://127.0.0.1:9/x', events: ['claim.created'] },
      { url: 'http://127.0.0.1:9/x', events: 'claim.verified' },
      { url: 'ftp://127.0.0.1/x' },
      { url: 'not a url' },
      {},
      { url: 'http://127.0.0.1:9/x', extra: 1 },
      { url: 'http://127.0.0.1:9/x', description: 'x'.repeat(501) },
    ]) {
      const response = await stack.http.post('/v1/webhooks').set(bearer(newsroom.apiKey)).send(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.message).toBeDefined();
    }
  });

  it('pages the list with limit and cursor, and refuses foreign cursors and bad limits', async () => {
    const desk = await createNewsroom(stack, 'Paging Desk');
    const ids = [];
    for (let index = 0; index < 5; index += 1)
      ids.push((await registerEndpoint(stack, desk.apiKey, { url: `http://127.0.0.1:9/${index}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await stack.http
        .get('/v1/webhooks')
        .query(cursor ? { limit: 2, cursor } : { limit: 2 })
        .set(bearer(desk.apiKey))
        .expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    for (const query of ['?limit=0', '?limit=201', '?limit=abc', '?cursor=forged.cursor']) {
      await stack.http.get(`/v1/webhooks${query}`).set(bearer(desk.apiKey)).expect(400);
    }
  });

  it("hides another newsroom's endpoints (404) and refuses other roles (403)", async () => {
    const mine = await registerEndpoint(stack, newsroom.apiKey, { url: 'http://127.0.0.1:9/mine' });
    const paths = [
      ['get', `/v1/webhooks/${mine.id}`],
      ['delete', `/v1/webhooks/${mine.id}`],
      ['post', `/v1/webhooks/${mine.id}/rotate-secret`],
      ['post', `/v1/webhooks/${mine.id}/enable`],
      ['get', `/v1/webhooks/${mine.id}/deliveries`],
      ['post', `/v1/webhooks/${mine.id}/recover`, { since: '2020-01-01T00:00:00Z' }],
      ['post', `/v1/webhooks/${mine.id}/deliveries/${RANDOM_UUID}/redeliver`],
    ] as const;
    for (const [method, path, body] of paths) {
      const response = await stack.http[method](path)
        .set(bearer(other.apiKey))
        .send(body ?? {});
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    const reviewer = await createReviewer(stack);
    await stack.http.get('/v1/webhooks').set(bearer(reviewer.apiKey)).expect(403);
    await stack.http.get('/v1/webhooks').expect(401);
    const listed = await stack.http.get('/v1/webhooks').set(bearer(other.apiKey)).expect(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(mine.id);
  });

  it('soft-deletes with 204; the endpoint is gone afterwards', async () => {
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: 'http://127.0.0.1:9/gone' });
    await stack.http.delete(`/v1/webhooks/${endpoint.id}`).set(bearer(newsroom.apiKey)).expect(204);
    await stack.http.get(`/v1/webhooks/${endpoint.id}`).set(bearer(newsroom.apiKey)).expect(404);
    await stack.http.delete(`/v1/webhooks/${endpoint.id}`).set(bearer(newsroom.apiKey)).expect(404);
    const listed = await stack.http.get('/v1/webhooks').set(bearer(newsroom.apiKey)).expect(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(endpoint.id);
  });

  it('rotates the secret (new one shown once, previous one signs until previousSecretExpiresAt)', async () => {
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: 'http://127.0.0.1:9/rotate' });
    const rotated = await stack.http.post(`/v1/webhooks/${endpoint.id}/rotate-secret`).set(bearer(newsroom.apiKey)).send({}).expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const window = Date.parse(rotated.body.previousSecretExpiresAt) - Date.now();
    expect(window).toBeGreaterThan(23 * 3600 * 1000);
    expect(window).toBeLessThanOrEqual(24 * 3600 * 1000);
    const short = await stack.http
      .post(`/v1/webhooks/${endpoint.id}/rotate-secret`)
      .set(bearer(newsroom.apiKey))
      .send({ expiresInSeconds: 0 })
      .expect(200);
    expect(short.body.previousSecretExpiresAt).toBeNull();
    for (const body of [
      { expiresInSeconds: -1 },
      { expiresInSeconds: 1.5 },
      { expiresInSeconds: '60' },
      { expiresInSeconds: 10 ** 9 },
      { other: 1 },
    ]) {
      await stack.http.post(`/v1/webhooks/${endpoint.id}/rotate-secret`).set(bearer(newsroom.apiKey)).send(body).expect(400);
    }
  });

  it('enable is idempotent on an enabled endpoint', async () => {
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: 'http://127.0.0.1:9/enable' });
    const enabled = await stack.http.post(`/v1/webhooks/${endpoint.id}/enable`).set(bearer(newsroom.apiKey)).expect(200);
    expect(enabled.body).toMatchObject({ id: endpoint.id, disabledAt: null, disabledReason: null });
  });

  it('validates the delivery log query, recover body and path ids', async () => {
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: 'http://127.0.0.1:9/log' });
    const empty = await stack.http.get(`/v1/webhooks/${endpoint.id}/deliveries`).set(bearer(newsroom.apiKey)).expect(200);
    expect(empty.body).toEqual({ items: [], nextCursor: null });
    for (const query of ['?status=done', '?limit=0', '?cursor=nope']) {
      await stack.http.get(`/v1/webhooks/${endpoint.id}/deliveries${query}`).set(bearer(newsroom.apiKey)).expect(400);
    }
    for (const body of [{}, { since: 'yesterday' }, { since: 5 }, { since: '2026-01-01T00:00:00Z', x: 1 }]) {
      await stack.http.post(`/v1/webhooks/${endpoint.id}/recover`).set(bearer(newsroom.apiKey)).send(body).expect(400);
    }
    const recovered = await stack.http
      .post(`/v1/webhooks/${endpoint.id}/recover`)
      .set(bearer(newsroom.apiKey))
      .send({ since: '2020-01-01T00:00:00Z' })
      .expect(202);
    expect(recovered.body).toEqual({ count: 0 });
    await stack.http.get('/v1/webhooks/not-a-uuid').set(bearer(newsroom.apiKey)).expect(400);
    await stack.http.post(`/v1/webhooks/${endpoint.id}/deliveries/nope/redeliver`).set(bearer(newsroom.apiKey)).expect(400);
    await stack.http.post(`/v1/webhooks/${endpoint.id}/deliveries/${RANDOM_UUID}/redeliver`).set(bearer(newsroom.apiKey)).expect(404);
    await stack.http.get(`/v1/webhooks/${RANDOM_UUID}`).set(bearer(newsroom.apiKey)).expect(404);
  });

  it('answers 4xx, never 5xx, to arbitrary bodies on every write route', async () => {
    const endpoint = await registerEndpoint(stack, newsroom.apiKey, { url: 'http://127.0.0.1:9/fuzz' });
    const routes = [
      '/v1/webhooks',
      `/v1/webhooks/${endpoint.id}/rotate-secret`,
      `/v1/webhooks/${endpoint.id}/recover`,
      `/v1/webhooks/${endpoint.id}/enable`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.jsonValue(), async (route, body) => {
        const response = await stack.http
          .post(route)
          .set(bearer(newsroom.apiKey))
          .set('content-type', 'application/json')
          .send(JSON.stringify(body));
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.string(), async (route, text) => {
        const response = await stack.http.post(route).set(bearer(newsroom.apiKey)).set('content-type', 'application/json').send(text);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          url: fc.oneof(fc.webUrl(), fc.string()),
          events: fc.option(fc.array(fc.string())),
          description: fc.option(fc.string()),
        }),
        async (body) => {
          const response = await stack.http.post('/v1/webhooks').set(bearer(newsroom.apiKey)).send(body);
          expect(response.status).toBeLessThan(500);
          if (response.status === 201) await stack.http.delete(`/v1/webhooks/${response.body.id}`).set(bearer(newsroom.apiKey)).expect(204);
        },
      ),
      { numRuns: 60 },
    );
    for (const query of ['?limit=-1', '?status=failed&status=pending', '?cursor=a&cursor=b', '?limit=1e3', `?status=${'x'.repeat(5000)}`]) {
      const response = await stack.http.get(`/v1/webhooks/${endpoint.id}/deliveries${query}`).set(bearer(newsroom.apiKey));
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
  });
});

describe('webhooks API: SSRF guard at registration (private networks not allowed)', () => {
  const stack = withStack({ worker: false, env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' } });
  let newsroom: { id: string; apiKey: string };

  beforeAll(async () => {
    newsroom = await createNewsroom(stack, 'SSRF Desk');
  });

  it.each([
    'http://127.0.0.1/hook',
    'http://localhost/hook',
    'http://localhost.:8080/hook',
    'http://[::1]/hook',
    'http://127.1/hook',
    'http://0.0.0.0/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://2130706433/hook',
    'http://0x7f.1/hook',
    'http://0177.0.0.1/hook',
    'http://10.0.0.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.64.0.1/',
    'http://172.16.5.4/',
    'http://192.168.1.1/',
    'http://[fe80::1]/',
    'http://[fd00::1]/',
    'http://[::]/',
    'http://0/',
    'https://nowhere.invalid/hook',
  ])('refuses %s with 400 and a message', async (url) => {
    const response = await stack.http.post('/v1/webhooks').set(bearer(newsroom.apiKey)).send({ url });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.message)).toMatch(/not a public address|non-public address|could not be resolved|has no address/);
  });
});
