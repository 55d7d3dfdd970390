import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { classifyAddress } from './ssrf/address-classification';
import { guardedLookup } from './ssrf/guarded-lookup';
import { parseRetryAfter } from './webhook-retry';

/** How much of a response body is read (and kept as the delivery's lastError excerpt). */
export const RESPONSE_EXCERPT_BYTES = 4096;
export const USER_AGENT = 'claimflow-webhooks/1 (+https://www.standardwebhooks.com)';

export interface AttemptRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  retryAfterMs: number | null;
  durationMs: number;
}

export interface SenderOptions {
  timeoutMs: number;
  allowPrivateNetworks: boolean;
}

/**
 * One POST per attempt over node:http(s): no redirects followed, a hard deadline for the whole
 * exchange, a DNS lookup that refuses non-global addresses at connect time, and at most
 * RESPONSE_EXCERPT_BYTES of the answer read. Keep-alive agents reuse connections per receiver.
 */
export class WebhookSender {
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(private readonly options: SenderOptions) {
    const lookup = guardedLookup(options.allowPrivateNetworks);
    const common = { keepAlive: true, maxFreeSockets: 256, lookup, scheduling: 'lifo' as const };
    this.agents = { http: new http.Agent(common), https: new https.Agent(common) };
  }

  send(request: AttemptRequest): Promise<AttemptOutcome> {
    const started = Date.now();
    const finish = (outcome: Omit<AttemptOutcome, 'durationMs'>): AttemptOutcome => ({ ...outcome, durationMs: Date.now() - started });
    const failure = (error: string) => finish({ ok: false, statusCode: null, error, retryAfterMs: null });

    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.resolve(failure('endpoint url is not valid'));
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // Sockets to IP literals skip `lookup`, so those are judged here.
    if (isIP(host) && !this.options.allowPrivateNetworks) {
      const verdict = classifyAddress(host);
      if (!verdict.global) return Promise.resolve(failure(`refused to connect: ${verdict.reason}`));
    }
    const client = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? this.agents.https : this.agents.http;

    return new Promise<AttemptOutcome>((resolve) => {
      let settled = false;
      const settle = (outcome: AttemptOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(outcome);
      };
      const req = client.request(url, {
        method: 'POST',
        agent,
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(request.body)),
          'user-agent': USER_AGENT,
        },
      });
      const deadline = setTimeout(() => {
        settle(failure(`timed out after ${this.options.timeoutMs} ms`));
        req.destroy();
      }, this.options.timeoutMs);
      req.on('error', (error: NodeJS.ErrnoException) => settle(failure(describeError(error))));
      req.on('response', (res) => {
        const statusCode = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const excerpt = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8');
          const ok = statusCode >= 200 && statusCode < 300;
          settle(
            finish({
              ok,
              statusCode,
              error: ok ? null : describeStatus(statusCode, res.headers.location, excerpt),
              retryAfterMs: parseRetryAfter(res.headers['retry-after']),
            }),
          );
        };
        res.on('data', (chunk: Buffer) => {
          if (size >= RESPONSE_EXCERPT_BYTES) return;
          chunks.push(chunk);
          size += chunk.length;
          if (size >= RESPONSE_EXCERPT_BYTES) {
            done();
            res.destroy();
          }
        });
        res.on('end', done);
        res.on('error', done);
        res.on('aborted', done);
      });
      req.end(request.body);
    });
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

function describeStatus(statusCode: number, location: string | undefined, excerpt: string): string {
  const redirect =
    statusCode >= 300 && statusCode < 400 ? ` (redirect${location ? ` to ${location.slice(0, 500)}` : ''} not followed)` : '';
  // Postgres text cannot hold NUL; receivers' bodies are arbitrary bytes.
  const text = excerpt.replace(/\u0000/g, '');
  return `HTTP ${statusCode}${redirect}${text ? `: ${text}` : ''}`;
}

function describeError(error: NodeJS.ErrnoException): string {
  return error.code ? `${error.code}: ${error.message}` : error.message;
}
