import type { AttemptOutcome, AttemptRequest } from '../../src/webhooks/webhook-sender';

/**
 * The network side of deliveries, replaced: records each request and answers with the next status
 * (200 when none is queued), after `delayMs`; counts how many requests were in flight at once.
 */
export class FakeSender {
  readonly requests: AttemptRequest[] = [];
  statuses: number[] = [];
  delayMs = 0;
  inFlight = 0;
  maxInFlight = 0;

  async send(request: AttemptRequest): Promise<AttemptOutcome> {
    this.requests.push(request);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      const statusCode = this.statuses.shift() ?? 200;
      const ok = statusCode < 300;
      return { ok, statusCode, error: ok ? null : `HTTP ${statusCode}`, retryAfterMs: null, durationMs: 1 };
    } finally {
      this.inFlight -= 1;
    }
  }

  reset(): void {
    this.requests.length = 0;
    this.statuses = [];
    this.delayMs = 0;
    this.maxInFlight = 0;
  }

  async close(): Promise<void> {}
}
