import { isIP } from 'node:net';
import type { FactoryProvider } from '@nestjs/common';
import { Agent, errors as undiciErrors } from 'undici';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { classifyAddress } from './ssrf/address-classification';
import { BlockedAddressError, guardedLookup } from './ssrf/guarded-lookup';
import { parseRetryAfter } from './webhook-retry';

/** How much of a response body is read (and kept as the delivery's lastError excerpt). */
export const RESPONSE_EXCERPT_BYTES = 4096;
export const USER_AGENT = 'claimflow-webhooks/1 (+https://www.standardwebhooks.com)';
/** Idle keep-alive connections to a receiver are kept this long (receivers usually close at 5-60 s). */
const KEEP_ALIVE_MS = 30_000;

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
  /** Connections kept per receiver origin (the per-endpoint cap bounds what is in flight anyway). */
  connectionsPerOrigin: number;
}

/**
 * One POST per attempt over an undici Agent: a keep-alive connection pool per receiver origin, no
 * redirects followed, one deadline for the whole exchange, a DNS lookup at connect time that refuses
 * non-global addresses (DNS rebinding), and at most RESPONSE_EXCERPT_BYTES of the answer read.
 */
export class WebhookSender {
  private readonly agent: Agent;

  constructor(private readonly options: SenderOptions) {
    this.agent = new Agent({
      connect: { lookup: guardedLookup(options.allowPrivateNetworks), timeout: options.timeoutMs },
      connections: options.connectionsPerOrigin,
      pipelining: 1,
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  async send(request: AttemptRequest): Promise<AttemptOutcome> {
    const started = Date.now();
    const finish = (outcome: Omit<AttemptOutcome, 'durationMs'>): AttemptOutcome => ({ ...outcome, durationMs: Date.now() - started });
    const failure = (error: string) => finish({ ok: false, statusCode: null, error, retryAfterMs: null });

    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return failure('endpoint url is not valid');
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // Sockets to IP literals skip `lookup`, so those are judged here.
    if (isIP(host) && !this.options.allowPrivateNetworks) {
      const verdict = classifyAddress(host);
      if (!verdict.global) return failure(`refused to connect: ${verdict.reason}`);
    }

    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.options.timeoutMs);
    try {
      const response = await this.agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(request.body)),
          'user-agent': USER_AGENT,
        },
        body: request.body,
        signal: deadline.signal,
      });
      const statusCode = response.statusCode;
      const ok = statusCode >= 200 && statusCode < 300;
      const excerpt = ok ? (await response.body.dump({ limit: RESPONSE_EXCERPT_BYTES }), '') : await readExcerpt(response.body);
      const location = response.headers.location;
      return finish({
        ok,
        statusCode,
        error: ok ? null : describeStatus(statusCode, Array.isArray(location) ? location[0] : location, excerpt),
        retryAfterMs: parseRetryAfter(response.headers['retry-after']),
      });
    } catch (error) {
      if (deadline.signal.aborted || isTimeout(error)) return failure(`timed out after ${this.options.timeoutMs} ms`);
      return failure(describeError(error as NodeJS.ErrnoException));
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }
}

/** The sender of deliveries, built from config (WebhooksWorkerModule; a test provides a fake or its own). */
export const webhookSenderProvider: FactoryProvider<WebhookSender> = {
  provide: WebhookSender,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) =>
    new WebhookSender({
      timeoutMs: config.webhookTimeoutMs,
      allowPrivateNetworks: config.webhookAllowPrivateNetworks,
      connectionsPerOrigin: config.webhookEndpointConcurrency,
    }),
};

/** Up to RESPONSE_EXCERPT_BYTES of a body; the rest is not read (the connection is dropped then). */
async function readExcerpt(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= RESPONSE_EXCERPT_BYTES) break;
    }
  } catch {
    // a receiver that breaks off mid-answer: what arrived is the excerpt
  } finally {
    if (size >= RESPONSE_EXCERPT_BYTES) body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8');
}

function isTimeout(error: unknown): boolean {
  return (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  );
}

function describeStatus(statusCode: number, location: string | undefined, excerpt: string): string {
  const redirect =
    statusCode >= 300 && statusCode < 400 ? ` (redirect${location ? ` to ${location.slice(0, 500)}` : ''} not followed)` : '';
  // Postgres text cannot hold NUL; receivers' bodies are arbitrary bytes.
  const text = excerpt.replace(/\u0000/g, '');
  return `HTTP ${statusCode}${redirect}${text ? `: ${text}` : ''}`;
}

function describeError(error: NodeJS.ErrnoException): string {
  if (error instanceof BlockedAddressError) return `refused to connect: ${error.message}`;
  const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
  const root = cause instanceof Error ? cause : error;
  if (root instanceof BlockedAddressError) return `refused to connect: ${root.message}`;
  return root.code ? `${root.code}: ${root.message}` : root.message;
}
