import type { AttemptOutcome, AttemptRequest } from '../../src/webhooks/webhook-sender';

/**
 * The network side of deliveries, replaced: records each request and answers with the next status
 * (200 when none is queued), after `delayMs`; counts how many requests were in flight at once, and
 * when that changed. Requests from the `hangAfter`-th on (0-based) never answer (a receiver or a
 * process that died mid-send).
 */
export class FakeSender {
  readonly requests: AttemptRequest[] = [];
  /** Each change of the requests in flight: when (performance.now()), how many from then on, and whether one started. */
  readonly timeline: Array<{ at: number; inFlight: number; started: boolean }> = [];
  statuses: number[] = [];
  delayMs = 0;
  hangAfter: number | null = null;
  /** Runs as each request is sent, before it answers (a test acts while the attempt is in flight). */
  onSend: ((request: AttemptRequest, index: number) => Promise<void>) | null = null;
  inFlight = 0;
  maxInFlight = 0;

  async send(request: AttemptRequest): Promise<AttemptOutcome> {
    const index = this.requests.push(request) - 1;
    this.moved(1);
    if (this.hangAfter !== null && index >= this.hangAfter) return new Promise<never>(() => undefined);
    try {
      await this.onSend?.(request, index);
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      const statusCode = this.statuses.shift() ?? 200;
      const ok = statusCode < 300;
      return { ok, statusCode, error: ok ? null : `HTTP ${statusCode}`, retryAfterMs: null, durationMs: 1 };
    } finally {
      this.moved(-1);
    }
  }

  /** Of the time from the `from`-th request's start to the last request's start, the share spent with `level` in flight. */
  shareAt(level: number, from: number): number {
    const starts = this.timeline.filter((change) => change.started);
    const [first, last] = [starts[from - 1]?.at ?? 0, starts[starts.length - 1]?.at ?? 0];
    if (last <= first) return 1;
    let atLevel = 0;
    this.timeline.forEach((change, index) => {
      const end = Math.min(last, this.timeline[index + 1]?.at ?? last);
      const start = Math.max(first, change.at);
      if (change.inFlight === level && end > start) atLevel += end - start;
    });
    return atLevel / (last - first);
  }

  reset(): void {
    this.requests.length = 0;
    this.timeline.length = 0;
    this.statuses = [];
    this.delayMs = 0;
    this.hangAfter = null;
    this.onSend = null;
    this.inFlight = 0;
    this.maxInFlight = 0;
  }

  async close(): Promise<void> {}

  private moved(by: 1 | -1): void {
    this.inFlight += by;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.timeline.push({ at: performance.now(), inFlight: this.inFlight, started: by === 1 });
  }
}
