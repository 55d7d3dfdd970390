import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Request, Response } from 'express';
import pino from 'pino';
import { httpLogger } from './http-logger';
import { loggerOptions } from './root-logger';

type Line = Record<string, unknown>;

/** A server whose every request goes through httpLogger, answers `status`, and logs one line of its own. */
async function serve(level: 'info' | 'warn', status: number): Promise<{ server: Server; url: string; lines: Line[] }> {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Line);
      callback();
    },
  });
  const middleware = httpLogger(pino(loggerOptions({ logLevel: level }), sink));
  const server = createServer((request, response) =>
    middleware(request as Request, response as Response, () => {
      (request as Request & { log: pino.Logger }).log.warn('inside the request');
      response.writeHead(status, { 'Content-Type': 'application/json' }).end('{}');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, lines };
}

/** The sink is written asynchronously after the response: wait for the lines, with a deadline. */
async function until(lines: Line[], count: number): Promise<Line[]> {
  const deadline = Date.now() + 5000;
  while (lines.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return lines;
}

describe('httpLogger', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it("writes one line per request with its id, method, url, status and time, and binds the id for the request's own lines", async () => {
    const served = await serve('info', 202);
    server = served.server;
    const response = await fetch(`${served.url}/v1/articles?x=1`, {
      method: 'POST',
      headers: { 'X-Request-Id': 'log-line-1', Authorization: 'Bearer secret-key-1' },
    });
    expect(response.headers.get('x-request-id')).toBe('log-line-1');
    const lines = await until(served.lines, 2);
    expect(lines[0]).toMatchObject({ level: 'warn', reqId: 'log-line-1', msg: 'inside the request' });
    expect(lines[1]).toMatchObject({
      level: 'info',
      reqId: 'log-line-1',
      req: { method: 'POST', url: '/v1/articles?x=1', remoteAddress: expect.any(String) },
      res: { statusCode: 202 },
      durationMs: expect.any(Number),
      msg: 'POST /v1/articles?x=1 202',
    });
    expect(JSON.stringify(lines)).not.toContain('secret-key-1');
  });

  it('logs a 5xx answer at error level', async () => {
    const served = await serve('info', 503);
    server = served.server;
    await fetch(`${served.url}/v1/articles`);
    const lines = await until(served.lines, 2);
    expect(lines[1]).toMatchObject({ level: 'error', res: { statusCode: 503 }, msg: 'GET /v1/articles 503' });
  });

  it('writes no request line for probes and scrapes, nor below its level', async () => {
    const probes = await serve('info', 200);
    server = probes.server;
    await fetch(`${probes.url}/health/live`);
    await fetch(`${probes.url}/metrics`);
    await fetch(`${probes.url}/v1/articles`);
    const lines = await until(probes.lines, 4);
    expect(lines.filter((line) => line.level === 'info').map((line) => line.msg)).toEqual(['GET /v1/articles 200']);
    await new Promise<void>((resolve) => probes.server.close(() => resolve()));

    const quiet = await serve('warn', 200);
    server = quiet.server;
    await fetch(`${quiet.url}/v1/articles`);
    const warnOnly = await until(quiet.lines, 1);
    expect(warnOnly.map((line) => line.msg)).toEqual(['inside the request']);
  });
});
