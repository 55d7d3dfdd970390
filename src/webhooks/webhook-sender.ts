import { isIP } from 'node:net';
import type { FactoryProvider } from '@nestjs/common';
import { Agent, type Dispatcher, errors as undiciErrors } from 'undici';
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
/** undici's own header and body timeouts come this much after the attempt's deadline: a backstop, the deadline decides. */
const UNDICI_TIMEOUT_SLACK_MS = 1000;

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

/** Where an endpoint URL is sent, parsed once per URL (not per attempt). */
interface Target {
  origin: string;
  path: string;
  /** Why an IP-literal host is refused (sockets to IP literals skip `lookup`, so they are judged here). */
  refusal: string | null;
}

/** Parsed endpoint URLs kept at most (a worker sends to a few hundred endpoints at a time at most). */
const TARGETS_KEPT = 1000;

/**
 * One POST per attempt over an undici Agent: a keep-alive connection pool per receiver origin, no
 * redirects followed, one deadline for the whole exchange, a DNS lookup at connect time that refuses
 * non-global addresses (DNS rebinding), and at most RESPONSE_EXCERPT_BYTES of the answer read.
 * Attempts go through `dispatch` with a handler of our own (no response stream, no AbortSignal, no
 * header object per answer): the request API's per-request machinery was most of a delivery's CPU.
 */
export class WebhookSender {
  private readonly agent: Agent;
  private readonly targets = new Map<string, Target | null>();

  constructor(private readonly options: SenderOptions) {
    this.agent = new Agent({
      connect: { lookup: guardedLookup(options.allowPrivateNetworks), timeout: options.timeoutMs },
      connections: options.connectionsPerOrigin,
      pipelining: 1,
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      headersTimeout: options.timeoutMs + UNDICI_TIMEOUT_SLACK_MS,
      bodyTimeout: options.timeoutMs + UNDICI_TIMEOUT_SLACK_MS,
    });
  }

  send(request: AttemptRequest): Promise<AttemptOutcome> {
    const started = Date.now();
    const target = this.target(request.url);
    if (target === null) return Promise.resolve(failedAttempt(started, 'endpoint url is not valid'));
    if (target.refusal !== null) return Promise.resolve(failedAttempt(started, `refused to connect: ${target.refusal}`));
    const body = Buffer.from(request.body);
    const headers: string[] = [];
    for (const name of Object.keys(request.headers)) headers.push(name, request.headers[name]);
    headers.push('content-type', 'application/json', 'content-length', String(body.length), 'user-agent', USER_AGENT);
    return new Promise((resolve) => {
      const attempt = new AttemptHandler(started, this.options.timeoutMs, resolve);
      try {
        this.agent.dispatch({ origin: target.origin, path: target.path, method: 'POST', headers, body }, attempt);
      } catch (error) {
        attempt.onError(error as Error);
      }
    });
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }

  private target(raw: string): Target | null {
    const known = this.targets.get(raw);
    if (known !== undefined) return known;
    let target: Target | null = null;
    try {
      const url = new URL(raw);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const verdict = isIP(host) && !this.options.allowPrivateNetworks ? classifyAddress(host) : null;
      target = { origin: url.origin, path: `${url.pathname}${url.search}`, refusal: verdict && !verdict.global ? verdict.reason : null };
    } catch {
      // not a URL: every attempt fails the same way
    }
    if (this.targets.size >= TARGETS_KEPT) this.targets.clear();
    this.targets.set(raw, target);
    return target;
  }
}

function failedAttempt(started: number, error: string): AttemptOutcome {
  return { ok: false, statusCode: null, error, retryAfterMs: null, durationMs: Date.now() - started };
}

/**
 * One attempt's exchange (undici's dispatch handler): settles once, with the answer's status as soon
 * as the body is read (a 2xx answer's is dropped, at most RESPONSE_EXCERPT_BYTES of another's kept),
 * or at the deadline. An error after the status line keeps the status (what arrived is the excerpt),
 * as a 2xx answer counts as delivered once its status came. The deadline is judged after the loop's
 * next poll for I/O: libuv runs expired timers before it reads sockets, so after a stall of the event
 * loop an answer that came in time may still be unread; timed out then, the receiver would get the retry too.
 */
class AttemptHandler implements Dispatcher.DispatchHandler {
  private abort: ((reason?: Error) => void) | null = null;
  private statusCode: number | null = null;
  private location: string | undefined;
  private retryAfter: string | undefined;
  private readonly excerpt: Buffer[] = [];
  private received = 0;
  private settled = false;
  private timedOut = false;
  private readonly deadline: NodeJS.Timeout;

  constructor(
    private readonly started: number,
    private readonly timeoutMs: number,
    private readonly resolve: (outcome: AttemptOutcome) => void,
  ) {
    this.deadline = setTimeout(() => this.onDeadline(), timeoutMs);
  }

  onConnect(abort: (reason?: Error) => void): void {
    // The deadline passed while the request waited for a connection: it is not sent.
    if (this.settled) return abort(new undiciErrors.RequestAbortedError());
    this.abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.statusCode = statusCode;
    for (let index = 0; index < rawHeaders.length; index += 2) {
      const name = rawHeaders[index];
      // Only these two are read: their lengths spare decoding every other header's name.
      if (name.length !== 8 && name.length !== 11) continue;
      const key = name.toString('latin1').toLowerCase();
      if (key === 'location') this.location ??= rawHeaders[index + 1].toString('latin1');
      else if (key === 'retry-after') this.retryAfter ??= rawHeaders[index + 1].toString('latin1');
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return true;
    if (!this.delivered()) this.excerpt.push(chunk);
    this.received += chunk.length;
    if (this.received >= RESPONSE_EXCERPT_BYTES) {
      // The rest is not read: the connection is dropped.
      this.settleAnswered();
      this.abort?.(new undiciErrors.RequestAbortedError());
    }
    return true;
  }

  onComplete(): void {
    this.settleAnswered();
  }

  onError(error: Error): void {
    if (this.statusCode !== null) return this.settleAnswered();
    if (this.timedOut || isTimeout(error))
      return this.settle({ ok: false, statusCode: null, error: `timed out after ${this.timeoutMs} ms`, retryAfterMs: null });
    this.settle({ ok: false, statusCode: null, error: describeError(error), retryAfterMs: null });
  }

  private onDeadline(): void {
    // setImmediate runs after this turn's poll phase: an answer already in the socket is read first.
    setImmediate(() => this.expire());
  }

  private expire(): void {
    if (this.settled) return;
    this.timedOut = true;
    if (this.statusCode !== null) this.settleAnswered();
    else this.settle({ ok: false, statusCode: null, error: `timed out after ${this.timeoutMs} ms`, retryAfterMs: null });
    this.abort?.(new undiciErrors.RequestAbortedError());
  }

  private delivered(): boolean {
    return this.statusCode !== null && this.statusCode >= 200 && this.statusCode < 300;
  }

  private settleAnswered(): void {
    const statusCode = this.statusCode!;
    const ok = this.delivered();
    const excerpt = ok ? '' : Buffer.concat(this.excerpt).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8');
    this.settle({
      ok,
      statusCode,
      error: ok ? null : describeStatus(statusCode, this.location, excerpt),
      retryAfterMs: parseRetryAfter(this.retryAfter),
    });
  }

  private settle(outcome: Omit<AttemptOutcome, 'durationMs'>): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.deadline);
    this.resolve({ ...outcome, durationMs: Date.now() - this.started });
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
