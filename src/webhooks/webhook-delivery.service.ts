import { type KeyObject, randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionHost } from '../database/transaction-host';
import { type OutboxJob, OutboxRepository } from '../queue/outbox.repository';
import { EndpointConcurrencyLimiter } from './endpoint-concurrency-limiter';
import { type DrainTicket, EndpointDrainGate } from './endpoint-drain-gate';
import { runPipe, type Sent } from './delivery-pipe';
import { type DeliveryFailure, type DeliveryRound, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { freshWakeUps } from './webhook-event-recorder';
import { webhookEventToDelivery } from './webhook-metrics';
import { honoursRetryAfter, nextAttemptDelay } from './webhook-retry';
import { openEndpointSecret } from './webhook-secrets';
import { type AttemptOutcome, WebhookSender } from './webhook-sender';
import { signedHeadersWith, signingKey } from './webhook-signature';
import { type ClaimedDelivery } from './webhook.entity';

/** What a single-delivery job does next. */
export type AttemptResult =
  | { kind: 'skipped' }
  | { kind: 'delivered' }
  | { kind: 'failed' }
  | { kind: 'retry'; delayMs: number; error: string }
  | { kind: 'postpone'; delayMs: number };

/** What a batch job does next: done (every delivery settled or handed on) or run again later. */
export type BatchResult = { kind: 'done'; attempts: number } | { kind: 'postpone'; delayMs: number };

/**
 * What an endpoint's drain job does next: done (nothing due is left, or another drainer holds the
 * endpoint and was told to look again: 'coalesced'), or run again later (handed off, or no free slot).
 */
export type DrainResult =
  { kind: 'done'; attempts: number } | { kind: 'coalesced' } | { kind: 'postpone'; delayMs: number; attempts: number };

/** A batch of wake-ups: endpoints drained, how many continue as jobs of their own, and the drains that failed on our side. */
export interface BatchDrainResult {
  endpoints: number;
  continued: number;
  failures: Array<{ endpointId: string; message: string }>;
}

/** How failed attempts continue: the single-delivery job retries itself; a batch hands each on to a 'deliver-webhook' job. */
type FollowUp = 'self' | 'outbox';

interface Run {
  /** The attempts this run made, by delivery id. */
  made: Map<string, 'delivered' | 'failed' | { retryMs: number; error: string }>;
  /** Payload rounds this run did not attempt (claimed elsewhere, not due, gone, or out of time). */
  notMade: DeliveryRound[];
  /** It stopped claiming because its time was up (more may be due), not because nothing was left. */
  outOfTime: boolean;
}

/** How a run goes about its endpoint's other due deliveries. */
interface RunOptions {
  wanted: number;
  budgetMs: number;
  followUp: FollowUp;
  /** A drain job claims through failures (every due attempt is made); a batch job stops draining at the first. */
  drainThroughFailures?: boolean;
  /** A drain: whether a wake-up came since its last claim came back short (then it claims again). */
  woken?: () => Promise<boolean>;
}

/** A claim outlives the attempt's deadline by this much: time to record the outcome. */
const CLAIM_MARGIN_MS = 5000;
/** An endpoint of a batch whose drain failed on our side (Postgres or Redis away) is woken again after this. */
const OUR_FAILURE_RETRY_MS = 5000;
/** How often a job waiting for another attempt's claim looks again. */
const CLAIM_RECHECK_MS = 1000;
/** A run's first claim, per lane, before any answer's duration is known (then claims follow the pace). */
const CLAIMS_PER_LANE = 5;
/**
 * Deliveries claimed ahead of the lanes at most (fewer when the lanes would not start them all
 * within a lease at the recent pace: a slow or dead endpoint claims only what its timeouts allow).
 */
const MAX_CLAIMED_AHEAD = 200;
/** A claim lasts this many attempt deadlines plus CLAIM_MARGIN_MS; no attempt starts after its lease's last deadline. */
const LEASE_DEADLINES = 7;
/** Outcomes are recorded once this many wait, or once the oldest has waited FLUSH_AFTER_MS (and when a run ends). */
const FLUSH_EVERY = 64;
const FLUSH_AFTER_MS = 25;
/**
 * Answered attempts not yet recorded, at most, per run: the lanes wait beyond it. A record statement
 * stays small (a slow one once grew to 11,725 rows, ran past the statement timeout and lost them all).
 */
const MAX_UNRECORDED = 4 * FLUSH_EVERY;
/** A batch job keeps draining its endpoint's due deliveries for this long, then yields its worker slot. */
const DRAIN_BUDGET_MS = 2000;
/** After its claiming time a run still starts what it claimed ahead for this long; the rest is given back. */
const START_TAIL_MS = 1000;
/**
 * A drain claims for this long (in one run, unless it ran out of work and a wake-up came), then
 * hands off: it leaves the gate and goes back to the queue, so a long backlog does not keep a worker
 * slot from other endpoints' drains.
 */
const DRAIN_HANDOFF_MS = 10_000;
/** Endpoints whose imported signing keys are kept (a worker drains a few hundred endpoints at a time at most). */
const KEYS_KEPT = 1000;

/**
 * Webhook attempts. Every attempt is claimed and counted by one statement before it is sent (so two
 * jobs for the same round never both POST), signed over the stored body, POSTed, and its outcome
 * recorded with the others of its wave in one statement. A run takes up to the endpoint's cap of
 * slots and sends that many at once. An endpoint's drain (one at a time, behind its gate) runs
 * until nothing is due; retries and redeliveries run as single-delivery jobs. Postgres holds the truth.
 */
@Injectable()
export class WebhookDeliveryService implements OnApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly limiter: EndpointConcurrencyLimiter,
    private readonly gate: EndpointDrainGate,
    private readonly outbox: OutboxRepository,
    private readonly sender: WebhookSender,
  ) {}

  // After the queue workers closed (beforeApplicationShutdown waits for the jobs running): a drain in
  // flight records its attempts and leaves its gate first; closed earlier, its answered POSTs were
  // recorded as failed ("client is destroyed") and sent again by the next worker.
  async onApplicationShutdown(): Promise<void> {
    await this.sender.close();
  }

  /** One delivery round's due attempt (redeliver, retries, work recovery). */
  async attempt(deliveryId: string, round: number): Promise<AttemptResult> {
    const endpointId = await this.deliveries.endpointOf(deliveryId);
    if (!endpointId) return { kind: 'skipped' };
    const item = { deliveryId, round };
    const run = await this.run(endpointId, [item], { wanted: 1, budgetMs: 0, followUp: 'self' });
    if (!run) return { kind: 'postpone', delayMs: this.limiter.busyDelayMs() };
    const made = run.made.get(deliveryId);
    if (made === 'delivered' || made === 'failed') return { kind: made };
    if (made) return { kind: 'retry', delayMs: made.retryMs, error: made.error };
    const waitMs = await this.waitFor(run.notMade, 'self');
    return waitMs === null ? { kind: 'skipped' } : { kind: 'postpone', delayMs: waitMs };
  }

  /** Deliveries to one endpoint, recorded together; drains the endpoint's backlog while it answers. */
  async deliverBatch(endpointId: string, items: DeliveryRound[]): Promise<BatchResult> {
    const run = await this.run(endpointId, items, {
      wanted: this.config.webhookEndpointConcurrency,
      budgetMs: DRAIN_BUDGET_MS,
      followUp: 'outbox',
    });
    if (!run) return { kind: 'postpone', delayMs: this.limiter.busyDelayMs() };
    const waitMs = await this.waitFor(run.notMade, 'outbox');
    return waitMs === null ? { kind: 'done', attempts: run.made.size } : { kind: 'postpone', delayMs: waitMs };
  }

  /**
   * Drains the endpoint's due deliveries (oldest due first, in waves claimed ahead, outcomes recorded
   * set-wise) while this job holds the endpoint's gate; loops while wake-ups arrive, and hands off
   * after DRAIN_HANDOFF_MS. One job per endpoint at a time sends, however many events woke it.
   */
  async drainEndpoint(endpointId: string): Promise<DrainResult> {
    const ticket = await this.gate.enter(endpointId, DRAIN_HANDOFF_MS + START_TAIL_MS + this.claimLeaseMs());
    if (!ticket) return { kind: 'coalesced' };
    const handOffAt = Date.now() + DRAIN_HANDOFF_MS;
    let attempts = 0;
    try {
      for (;;) {
        const budgetMs = handOffAt - Date.now();
        if (budgetMs <= 0) return await this.handOff(ticket, 0, attempts);
        const run = await this.run(endpointId, [], {
          wanted: this.config.webhookEndpointConcurrency,
          budgetMs,
          followUp: 'outbox',
          drainThroughFailures: true,
          woken: () => this.gate.takeWakeUp(ticket),
        });
        // Every slot is held (by retry jobs): the job comes back once one may be free.
        if (!run) return await this.handOff(ticket, this.limiter.busyDelayMs(), attempts);
        attempts += run.made.size;
        if (run.outOfTime) return await this.handOff(ticket, 0, attempts);
        if (await this.gate.leaveIfClean(ticket)) return { kind: 'done', attempts };
      }
    } catch (error) {
      await this.gate.release(ticket).catch(() => undefined);
      throw error;
    }
  }

  /**
   * A relayed batch of wake-ups: each endpoint drained once, all side by side (a slow one delays
   * none of the others' deliveries); one that must go on later (handed off, no free slot, our side
   * failed) continues as a wake-up job of its own, through the outbox.
   */
  async drainEndpoints(wakes: Array<{ endpointId: string; wakeId: string }>): Promise<BatchDrainResult> {
    const endpointIds = [...new Set(wakes.map((wake) => wake.endpointId))];
    const results = await Promise.allSettled(endpointIds.map((endpointId) => this.drainEndpoint(endpointId)));
    const later: OutboxJob[] = [];
    const failures: BatchDrainResult['failures'] = [];
    results.forEach((result, index) => {
      const endpointId = endpointIds[index];
      if (result.status === 'rejected') {
        failures.push({ endpointId, message: (result.reason as Error).message });
        later.push(...freshWakeUps([endpointId], OUR_FAILURE_RETRY_MS));
      } else if (result.value.kind === 'postpone') later.push(...freshWakeUps([endpointId], result.value.delayMs));
    });
    if (later.length > 0) await this.tx.run(() => this.outbox.add(later));
    return { endpoints: endpointIds.length, continued: later.length, failures };
  }

  private async handOff(ticket: DrainTicket, delayMs: number, attempts: number): Promise<DrainResult> {
    await this.gate.release(ticket);
    return { kind: 'postpone', delayMs, attempts };
  }

  /** Claims ahead are sized so their attempts start within the lease's first LEASE_DEADLINES - 1 deadlines. */
  private claimLeaseMs(): number {
    return LEASE_DEADLINES * this.config.webhookTimeoutMs + CLAIM_MARGIN_MS;
  }

  /**
   * Null when the endpoint has no free slot (nothing was claimed or counted). `slots.count` sends stay
   * in flight while work remains (the next starts as one ends); claims are taken ahead in batches
   * sized to what the lanes start within a lease, and outcomes are flushed in batches behind them.
   */
  private async run(endpointId: string, items: DeliveryRound[], options: RunOptions): Promise<Run | null> {
    const { budgetMs, followUp } = options;
    const leaseMs = this.claimLeaseMs();
    const slots = await this.limiter.acquire(endpointId, options.wanted, budgetMs + START_TAIL_MS + leaseMs);
    if (!slots) return null;
    const token = randomUUID();
    const made: Run['made'] = new Map();
    const queue = [...items];
    let draining = budgetMs > 0;
    const started = Date.now();

    // The payload first, then (a batch or a drain) the endpoint's other due deliveries while time is left.
    const claim = async (limit: number): Promise<ClaimedDelivery[]> => {
      const claimed: ClaimedDelivery[] = [];
      while (queue.length > 0 && claimed.length < limit) {
        claimed.push(...(await this.deliveries.claim(endpointId, queue.splice(0, limit - claimed.length), token, leaseMs)));
      }
      if (draining && claimed.length < limit) {
        claimed.push(...(await this.deliveries.claimDue(endpointId, limit - claimed.length, token, leaseMs)));
      }
      return claimed;
    };
    const flush = async (batch: Array<Sent<ClaimedDelivery, AttemptOutcome>>): Promise<void> => {
      const failed = await this.record(endpointId, token, batch, followUp, made);
      // A failing endpoint gets no attempts beyond the ones it was due; they wait for their own jobs.
      if (failed && !options.drainThroughFailures) draining = false;
    };
    try {
      const piped = await runPipe<ClaimedDelivery, AttemptOutcome>(
        {
          claim,
          woken: options.woken,
          send: (delivery) => this.send(delivery),
          flush,
          giveBack: (deliveries) =>
            this.deliveries.giveBack(
              token,
              deliveries.map((delivery) => delivery.id),
            ),
        },
        {
          width: slots.count,
          leaseMs,
          sendTimeoutMs: this.config.webhookTimeoutMs,
          marginMs: CLAIM_MARGIN_MS,
          maxAhead: MAX_CLAIMED_AHEAD,
          firstClaim: slots.count * CLAIMS_PER_LANE,
          flushEvery: FLUSH_EVERY,
          flushAfterMs: FLUSH_AFTER_MS,
          maxUnrecorded: MAX_UNRECORDED,
          claimUntil: started + budgetMs,
          tailMs: START_TAIL_MS,
        },
      );
      return { made, notMade: items.filter((item) => !made.has(item.deliveryId)), outOfTime: piped.outOfTime };
    } finally {
      await this.limiter.release(slots);
    }
  }

  /** Signs and POSTs one claimed attempt; a failure on our side (a secret that does not open) is its outcome too. */
  private async send(delivery: ClaimedDelivery): Promise<AttemptOutcome> {
    try {
      const keys = this.signingKeys(delivery);
      return await this.sender.send({
        url: delivery.url,
        body: delivery.body,
        headers: { ...signedHeadersWith(keys, delivery.event_id, delivery.body) },
      });
    } catch (error) {
      return { ok: false, statusCode: null, error: `not sent: ${(error as Error).message}`, retryAfterMs: null, durationMs: 0 };
    }
  }

  /**
   * Endpoints' secrets, opened and imported as HMAC keys, by endpoint (drains of several endpoints
   * interleave their attempts), so a run opens and imports them once, not per attempt. A rotation
   * changes the stored values, which are compared on every use.
   */
  private readonly keys = new Map<string, { secret: string; previous: string | null; keys: KeyObject[] }>();

  private signingKeys(delivery: ClaimedDelivery): KeyObject[] {
    const { endpoint_id: endpointId, secret, previous_secret: previous } = delivery;
    const known = this.keys.get(endpointId);
    if (known?.secret === secret && known.previous === previous) return known.keys;
    const keys = [signingKey(this.openSecret(endpointId, secret))];
    if (previous) keys.push(signingKey(this.openSecret(endpointId, previous)));
    if (this.keys.size >= KEYS_KEPT) this.keys.clear();
    this.keys.set(endpointId, { secret, previous, keys });
    return keys;
  }

  private openSecret(endpointId: string, stored: string): string {
    return openEndpointSecret(this.config.webhookSecretKeys, endpointId, stored);
  }

  /** Records a batch of outcomes (one statement for the successes, one transaction for failures); true if any failed. */
  private async record(
    endpointId: string,
    token: string,
    batch: Array<Sent<ClaimedDelivery, AttemptOutcome>>,
    followUp: FollowUp,
    made: Run['made'],
  ): Promise<boolean> {
    const wave = batch.map((sent) => sent.item);
    const outcomes = batch.map((sent) => sent.outcome);
    const delivered: Array<{ id: string; statusCode: number }> = [];
    const failures: DeliveryFailure[] = [];
    let gone = false;
    wave.forEach((delivery, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) return void delivered.push({ id: delivery.id, statusCode: outcome.statusCode! });
      gone ||= outcome.statusCode === 410;
      const retryAfterMs = outcome.statusCode !== null && honoursRetryAfter(outcome.statusCode) ? outcome.retryAfterMs : null;
      const retryInMs =
        outcome.statusCode === 410 ? null : nextAttemptDelay(delivery.round_attempts, this.config.webhookRetryDelaysMs, retryAfterMs);
      failures.push({ id: delivery.id, statusCode: outcome.statusCode, error: outcome.error ?? 'failed', retryInMs });
    });

    const recorded = new Set(await this.deliveries.recordDelivered(endpointId, token, delivered));
    for (const { item: delivery, answeredAt } of batch) {
      if (!recorded.has(delivery.id)) continue;
      made.set(delivery.id, 'delivered');
      webhookEventToDelivery.observe((answeredAt - new Date(delivery.occurred_at).getTime()) / 1000);
    }
    if (failures.length === 0) return false;

    await this.tx.run(async () => {
      // The endpoint's row before its deliveries', in the order the API's endpoint changes (delete,
      // disable, recover) lock them: the other order deadlocked with a delete (its 500).
      const failingSince = await this.endpoints.markFailing(endpointId);
      const rows = new Set((await this.deliveries.recordFailed(token, failures)).map((row) => row.deliveryId));
      const retries = failures.filter((failure) => rows.has(failure.id) && failure.retryInMs !== null);
      for (const failure of failures) {
        if (rows.has(failure.id))
          made.set(failure.id, failure.retryInMs === null ? 'failed' : { retryMs: failure.retryInMs, error: failure.error });
      }
      if (followUp === 'outbox' && retries.length > 0) {
        const rounds = new Map(wave.map((delivery) => [delivery.id, delivery.round]));
        await this.outbox.add(
          retries.map((failure) => ({
            name: 'deliver-webhook' as const,
            payload: { deliveryId: failure.id, round: rounds.get(failure.id)! },
            delayMs: failure.retryInMs!,
          })),
        );
      }
      const reason = gone
        ? 'the endpoint answered 410 Gone'
        : Date.now() - failingSince.getTime() >= this.config.webhookDisableAfterMs
          ? `every attempt has failed since ${failingSince.toISOString()} (longer than ${formatDuration(this.config.webhookDisableAfterMs)})`
          : null;
      if (reason && (await this.endpoints.disable(endpointId, reason))) {
        await this.deliveries.failPending(endpointId, `endpoint disabled: ${reason}`);
      }
    });
    return true;
  }

  /**
   * For payload rounds this run did not attempt: how long until the job should look again, or null
   * when each is settled or in other hands (delivered, failed, superseded, or a retry already
   * scheduled by the attempt that failed). A round whose endpoint went away is ended here.
   */
  private async waitFor(items: DeliveryRound[], followUp: FollowUp): Promise<number | null> {
    if (items.length === 0) return null;
    let waitMs: number | null = null;
    const soonest = (ms: number) => (waitMs = waitMs === null ? ms : Math.min(waitMs, ms));
    for (const state of await this.deliveries.states(items)) {
      if (!state.endpoint_active) await this.deliveries.stop(state.id, state.round, 'endpoint disabled or deleted');
      // Another attempt holds it: look again soon (it records its outcome) or when its claim lapses (it crashed).
      else if (state.claim_ms > 0) soonest(Math.min(state.claim_ms + 50, CLAIM_RECHECK_MS));
      // Its next attempt is scheduled: a single-delivery job is that schedule; a batch handed it on.
      else if (state.due_ms > 0) {
        if (followUp === 'self') soonest(state.due_ms);
      }
      // Due and free (out of time, or locked by a statement that was settling it): soon.
      else soonest(this.limiter.busyDelayMs());
    }
    return waitMs;
  }
}

function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  return `${ms} ms`;
}
