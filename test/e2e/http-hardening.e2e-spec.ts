import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { RateLimiter } from '../../src/rate-limits/rate-limiter.service';
import { ADMIN_KEY, bearer, createNewsroom, createReviewer, type Stack, startApi, startStack, waitFor, withStack } from '../support/stack';
import { sparePort } from '../support/private-services';
import request from 'supertest';

const MiB = 1024 * 1024;

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends `size` bytes of body in 64 KiB chunks with plain node:http (no client-side limits or retries)
 * and resolves with the answer; rejects on a reset connection. The client keeps writing while the
 * answer arrives, as a real uploader does.
 */
function rawPost(
  port: number,
  path: string,
  headers: Record<string, string>,
  size: number,
  options: { chunked?: boolean } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(options.chunked ? {} : { 'Content-Length': String(size) }), ...headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, ' ');
    let sent = 0;
    const write = (): void => {
      while (sent < size) {
        const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += piece.length;
        if (!req.write(piece)) {
          req.once('drain', write);
          return;
        }
      }
      req.end();
    };
    req.write('['); // invalid JSON: whatever reads it must refuse it
    sent = 1;
    write();
  });
}

function portOf(stack: Stack): number {
  return (stack.api.getHttpServer().address() as AddressInfo).port;
}

describe('HTTP hardening', () => {
  const stack = withStack({ worker: false });
  let newsroomKey: string;
  let reviewerKey: string;

  beforeAll(async () => {
    newsroomKey = (await createNewsroom(stack)).apiKey;
    reviewerKey = (await createReviewer(stack, 'Rita', ['en'])).apiKey;
  });

  it('answers 413 (never a reset connection) to a body over 10 MiB on every route, the verdict route included', async () => {
    const task = randomUUID();
    const routes: [string, string][] = [
      [`/v1/review-tasks/${task}/verdict`, reviewerKey],
      [`/v1/review-tasks/${task}/evidence`, reviewerKey],
      ['/v1/articles', newsroomKey],
      ['/v1/extract', newsroomKey],
      ['/v1/fact-checks', newsroomKey],
      ['/v1/webhooks', newsroomKey],
      ['/v1/admin/newsrooms', ADMIN_KEY],
      ['/v1/review-tasks/claim-next', reviewerKey],
    ];
    for (const [path, key] of routes) {
      // With a declared length the answer comes before any byte is read; without one (chunked) as soon
      // as the body passes the route's limit.
      for (const [connection, chunked] of [
        ['keep-alive', false],
        ['close', false],
        ['keep-alive', true],
        ['close', true],
      ] as const) {
        const answer = await rawPost(portOf(stack), path, { ...bearer(key), Connection: connection }, 11 * MiB, { chunked });
        expect({ path, connection, chunked, status: answer.status }).toEqual({ path, connection, chunked, status: 413 });
        expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      }
    }
  });

  it('reads a body only at the limit of its route: 10 MiB for articles, small for commands', async () => {
    const text = 'The unemployment rate fell to 3.9% in March. '.repeat(2300); // about 100 KiB
    await stack.http.post('/v1/articles').set(bearer(newsroomKey)).send({ text }).expect(202);
    const webhook = await stack.http
      .post('/v1/webhooks')
      .set(bearer(newsroomKey))
      .send({ url: 'https://hooks.example.org/claimflow', description: 'x'.repeat(100 * 1024) });
    expect(webhook.status).toBe(413);
    expect(webhook.body.message).toMatch(/larger than 65536 bytes/);
    const chunked = await rawPost(portOf(stack), '/v1/webhooks', bearer(newsroomKey), 200 * 1024, { chunked: true });
    expect(chunked.status).toBe(413);
  });

  it('checks the key before reading the body', async () => {
    // Invalid JSON without a key: 401, because the body is never parsed.
    const answer = await rawPost(portOf(stack), '/v1/articles', {}, 9 * MiB);
    expect(answer.status).toBe(401);
    const wrongRole = await rawPost(portOf(stack), '/v1/admin/newsrooms', bearer(newsroomKey), 1 * MiB);
    expect(wrongRole.status).toBe(403);
    // The same body with a key is read and refused as JSON.
    const parsed = await rawPost(portOf(stack), '/v1/articles', bearer(newsroomKey), 1 * MiB);
    expect(parsed.status).toBe(400);
    expect(JSON.parse(parsed.body).message).toMatch(/not valid JSON/);
  });

  it('never inflates compressed bodies', async () => {
    const bomb = gzipSync(Buffer.from(JSON.stringify({ text: 'a'.repeat(50 * MiB) })));
    expect(bomb.length).toBeLessThan(100 * 1024);
    for (const key of [newsroomKey, 'not-a-key']) {
      const response = await stack.http
        .post('/v1/articles')
        .set({ ...bearer(key), 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
        .send(bomb);
      expect(response.status).toBe(415);
      expect(response.body.message).toMatch(/compressed/);
    }
  });

  it('answers 400, never 500, to deeply nested JSON in the body or in metadata', async () => {
    const deepArray = '['.repeat(100_000) + ']'.repeat(100_000);
    const body = await stack.http
      .post('/v1/articles')
      .set({ ...bearer(newsroomKey), 'Content-Type': 'application/json' })
      .send(`{"text":"Inflation rose to 7.5% in 2022.","metadata":{"a":${deepArray}}}`);
    expect(body.status).toBe(400);
    expect(body.body.message).toMatch(/nested deeper than 32 levels/);
    const deepObject = '{"a":'.repeat(20) + '1' + '}'.repeat(20);
    const metadata = await stack.http
      .post('/v1/articles')
      .set({ ...bearer(newsroomKey), 'Content-Type': 'application/json' })
      .send(`{"text":"Inflation rose to 7.5% in 2022.","metadata":${deepObject}}`);
    expect(metadata.status).toBe(400);
    expect(JSON.stringify(metadata.body.message)).toMatch(/metadata/);
    const deepButSmall = '['.repeat(20_000) + ']'.repeat(20_000);
    for (const path of ['/v1/extract', '/v1/webhooks', '/v1/fact-checks']) {
      const response = await stack.http
        .post(path)
        .set({ ...bearer(newsroomKey), 'Content-Type': 'application/json' })
        .send(deepButSmall);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
    }
  });

  it('sends security headers, and a locked-down content security policy on API answers', async () => {
    const response = await stack.http.get('/health/live').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBeDefined();
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers['x-powered-by']).toBeUndefined();
    // helmet's whole set, worked out once at start, is on refusals too.
    const refused = await stack.http.get('/v1/articles').expect(401);
    for (const name of ['cross-origin-opener-policy', 'cross-origin-resource-policy', 'referrer-policy', 'x-dns-prefetch-control']) {
      expect({ name, value: refused.headers[name] }).toEqual({ name, value: response.headers[name] });
      expect(refused.headers[name]).toEqual(expect.any(String));
    }
    const docs = await stack.http.get('/docs').redirects(1);
    expect(docs.status).toBe(200);
    expect(docs.headers['content-security-policy']).toBeUndefined(); // the OpenAPI UI runs its own scripts
  });

  it('sets server timeouts against slow clients', () => {
    const server = stack.api.getHttpServer();
    expect(server.headersTimeout).toBe(10_000);
    expect(server.requestTimeout).toBe(30_000);
    expect(server.keepAliveTimeout).toBe(5_000);
  });
});

describe('rate limits', () => {
  it('limits each API key and each newsroom, across api processes, with 429 and Retry-After', async () => {
    const env = { RATE_LIMIT_PER_KEY: '3', RATE_LIMIT_PER_NEWSROOM: '5', RATE_LIMIT_WINDOW_SECONDS: '30' };
    const stack = await startStack({ worker: false, env });
    const second = await startApi(env);
    try {
      const newsroom = await createNewsroom(stack);
      const otherKey = (await stack.http.post(`/v1/admin/newsrooms/${newsroom.id}/api-keys`).set(bearer(ADMIN_KEY)).send({}).expect(201))
        .body.apiKey as string;
      const apis = [stack.http, request(second.getHttpServer())];
      // A limiter whose Redis is not connected yet fails open (by design); the count starts once both are.
      const limiterReady = (app: NestExpressApplication) =>
        (app.get<RateLimiter, RateLimiter>(RateLimiter) as unknown as { redis: { status: string } }).redis.status === 'ready';
      await waitFor(async () => limiterReady(stack.api) && limiterReady(second), 10000);
      // Three requests with one key, alternating between the two processes, then the fourth is refused.
      for (let i = 0; i < 3; i += 1) await apis[i % 2].get('/v1/articles').set(bearer(newsroom.apiKey)).expect(200);
      const limited = await apis[1].get('/v1/articles').set(bearer(newsroom.apiKey)).expect(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(30);
      expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      // The newsroom's other key has its own budget, until the newsroom's total (5) is used up.
      await apis[0].get('/v1/articles').set(bearer(otherKey)).expect(200);
      await apis[1].post('/v1/articles').set(bearer(otherKey)).send({ text: 'Inflation rose to 7.5% in 2022.' }).expect(429);
      // Refused before its body is read: JSON that does not parse still answers 429, not 400.
      await apis[0].post('/v1/articles').set(bearer(otherKey)).set('Content-Type', 'application/json').send('{"text": ').expect(429);
      // Another newsroom is not affected.
      const other = await createNewsroom(stack, 'Other desk');
      await apis[1].get('/v1/articles').set(bearer(other.apiKey)).expect(200);
    } finally {
      await second.close();
      await stack.close();
    }
  });

  it('fails open when Redis is unreachable: ingest still answers 202', async () => {
    const stack = await startStack({
      worker: false,
      env: { RATE_LIMIT_PER_KEY: '1', REDIS_URL: `redis://127.0.0.1:${await sparePort()}` },
    });
    try {
      const newsroom = await createNewsroom(stack);
      for (let i = 0; i < 3; i += 1) {
        await stack.http.post('/v1/articles').set(bearer(newsroom.apiKey)).send({ text: 'Inflation rose to 7.5% in 2022.' }).expect(202);
      }
    } finally {
      await stack.close();
    }
  });
});
