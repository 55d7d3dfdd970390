import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RESPONSE_EXCERPT_BYTES, USER_AGENT, WebhookSender } from './webhook-sender';

type Answer = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void;

describe('WebhookSender (a receiver on loopback)', () => {
  let server: Server;
  let base: string;
  let answer: Answer;
  const received: Array<{ headers: IncomingMessage['headers']; body: Buffer }> = [];
  // A deadline a loaded machine meets for answers that come at once.
  const sender = new WebhookSender({ timeoutMs: 10_000, allowPrivateNetworks: true, connectionsPerOrigin: 2 });

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        received.push({ headers: request.headers, body });
        answer(request, body, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await sender.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    received.length = 0;
  });

  const send = (path = '/hook?x=1') =>
    sender.send({
      url: `${base}${path}`,
      body: '{"type":"t","data":{"é":1}}',
      headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': '1' },
    });

  it('POSTs the exact body with the signed and fixed headers; a 2xx is delivered', async () => {
    answer = (_request, _body, response) => response.writeHead(204).end();
    const outcome = await send();
    expect(outcome).toMatchObject({ ok: true, statusCode: 204, error: null, retryAfterMs: null });
    expect(received[0].body.toString('utf8')).toBe('{"type":"t","data":{"é":1}}');
    expect(received[0].headers).toMatchObject({
      'webhook-id': 'msg_1',
      'webhook-timestamp': '1',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength('{"type":"t","data":{"é":1}}')),
      'user-agent': USER_AGENT,
    });
  });

  it('keeps the status, an excerpt of the answer and Retry-After of a failure', async () => {
    answer = (_request, _body, response) => response.writeHead(503, { 'Retry-After': '7' }).end('busy, come back');
    expect(await send()).toMatchObject({ ok: false, statusCode: 503, error: 'HTTP 503: busy, come back', retryAfterMs: 7000 });
  });

  it('does not follow a redirect and names its target', async () => {
    answer = (_request, _body, response) => response.writeHead(302, { Location: 'http://elsewhere.example/' }).end();
    expect(await send()).toMatchObject({
      ok: false,
      statusCode: 302,
      error: 'HTTP 302 (redirect to http://elsewhere.example/ not followed)',
    });
    expect(received).toHaveLength(1);
  });

  it('reads at most RESPONSE_EXCERPT_BYTES of an answer', async () => {
    answer = (_request, _body, response) => response.writeHead(500).end('x'.repeat(RESPONSE_EXCERPT_BYTES * 20));
    const outcome = await send();
    expect(outcome.statusCode).toBe(500);
    expect(outcome.error).toBe(`HTTP 500: ${'x'.repeat(RESPONSE_EXCERPT_BYTES)}`);
  });

  it('times out a receiver that does not answer, and its pool sends the next attempt', async () => {
    const impatient = new WebhookSender({ timeoutMs: 300, allowPrivateNetworks: true, connectionsPerOrigin: 1 });
    try {
      answer = () => undefined;
      expect(await impatient.send({ url: `${base}/hook`, body: '{}', headers: {} })).toMatchObject({
        ok: false,
        statusCode: null,
        error: 'timed out after 300 ms',
      });
      answer = (_request, _body, response) => response.writeHead(200).end('ok');
      // The next attempt gets a fresh connection (the timed-out one was dropped); retried while the machine is too slow for 300 ms.
      let outcome = await impatient.send({ url: `${base}/hook`, body: '{}', headers: {} });
      for (let tries = 1; !outcome.ok && tries < 10; tries += 1)
        outcome = await impatient.send({ url: `${base}/hook`, body: '{}', headers: {} });
      expect(outcome).toMatchObject({ ok: true, statusCode: 200 });
    } finally {
      await impatient.close();
    }
  });

  it('an answer that came before the deadline but is read after a stall of the event loop is delivered, not timed out', async () => {
    const stalled = new WebhookSender({ timeoutMs: 1000, allowPrivateNetworks: true, connectionsPerOrigin: 1 });
    try {
      let sentAt = 0;
      answer = (_request, _body, response) => {
        response.writeHead(204).end();
        // The answer is in the socket; the event loop then stalls past the deadline (a long GC, a busy job).
        while (Date.now() < sentAt + 1300);
      };
      sentAt = Date.now();
      const outcome = await stalled.send({ url: `${base}/hook`, body: '{}', headers: {} });
      expect(outcome).toMatchObject({ ok: true, statusCode: 204, error: null });
      expect(received).toHaveLength(1);
    } finally {
      await stalled.close();
    }
  });

  it('reports a refused connection and an invalid URL without sending', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await sender.send({ url: `http://127.0.0.1:${port}/`, body: '{}', headers: {} })).error).toMatch(/^ECONNREFUSED/);
    expect(await sender.send({ url: 'not a url', body: '{}', headers: {} })).toMatchObject({
      ok: false,
      error: 'endpoint url is not valid',
    });
  });

  it('refuses an IP-literal private host unless private networks are allowed', async () => {
    const guarded = new WebhookSender({ timeoutMs: 10_000, allowPrivateNetworks: false, connectionsPerOrigin: 1 });
    try {
      const outcome = await guarded.send({ url: `${base}/hook`, body: '{}', headers: {} });
      expect(outcome).toMatchObject({ ok: false, statusCode: null });
      expect(outcome.error).toMatch(/^refused to connect: /);
      expect(received).toHaveLength(0);
    } finally {
      await guarded.close();
    }
  });
});
