import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import { type OutboxJob, outboxInsertSql } from '../queue/outbox.repository';
import { ClaimedDelivery, DeliveryStatus, NewWebhookDelivery, NewWebhookEvent, WebhookDeliveryRow } from './webhook.entity';

const COLUMNS = `d.id, d.event_id, d.endpoint_id, ev.type, d.status, d.attempts, d.round, d.round_attempts, d.last_status_code,
  d.last_error, d.next_attempt_at, d.delivered_at, d.created_at, d.updated_at`;
const FROM = `webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id`;

/**
 * What a claim returns: everything one attempt needs, and the attempt's number within its round. It
 * sets only columns no index holds (not updated_at, which the retention index holds: the outcome
 * sets it), so on a page with room (fillfactor 50) the claim is a HOT update that writes no index entry.
 */
const claimSql = (token: string, leaseMs: string) => `UPDATE webhook_deliveries d
     SET attempts = d.attempts + 1, round_attempts = d.round_attempts + 1, claim_token = ${token}::uuid,
         claimed_until = now() + ${leaseMs}::int * interval '1 millisecond'
    FROM due, webhook_endpoints e, webhook_events ev
   WHERE d.id = due.id AND e.id = d.endpoint_id AND e.disabled_at IS NULL AND e.deleted_at IS NULL AND ev.id = d.event_id
   RETURNING d.id, d.event_id, d.endpoint_id, d.round, d.round_attempts, e.url, e.secret,
             CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret END AS previous_secret, ev.body, ev.occurred_at`;

export interface DeliveryRound {
  deliveryId: string;
  round: number;
}

export interface DeliveryState {
  id: string;
  round: number;
  endpoint_id: string;
  endpoint_active: boolean;
  /** How long another attempt's claim still runs (0: none). */
  claim_ms: number;
  /** How long until the next attempt is due (0: due). */
  due_ms: number;
}

export interface DeliveryFailure {
  id: string;
  statusCode: number | null;
  error: string;
  retryInMs: number | null;
}

/** Between the bodies of events inserted together (chr(30), the record separator). */
const BODY_SEPARATOR = '\u001e';

@Injectable()
export class WebhookDeliveryRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * Events, their deliveries and the endpoints' wake-ups (outbox rows, at least one) in one statement:
   * one round trip and one plan for what was three.
   */
  async insertEventsWithDeliveries(events: NewWebhookEvent[], deliveries: NewWebhookDelivery[], wakeUps: OutboxJob[]): Promise<void> {
    const params: unknown[] = [
      events.map((event) => event.id),
      events.map((event) => event.newsroomId),
      events.map((event) => event.type),
      // One text, not a text[] (whose every element pg escapes in JS): JSON.stringify output holds no raw control character.
      events.map((event) => event.body).join(BODY_SEPARATOR),
      events.map((event) => event.occurredAt.toISOString()),
      deliveries.map((row) => row.id),
      deliveries.map((row) => row.eventId),
      deliveries.map((row) => row.endpointId),
    ];
    const eventsSql = `INSERT INTO webhook_events (id, newsroom_id, type, body, occurred_at)
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], string_to_array($4::text, chr(30)), $5::timestamptz[])`;
    const deliveriesSql = `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, status, next_attempt_at)
         SELECT id, event_id, endpoint_id, 'pending', now() FROM unnest($6::uuid[], $7::text[], $8::uuid[]) AS t(id, event_id, endpoint_id)`;
    await this.tx.query(`WITH events AS (${eventsSql}), deliveries AS (${deliveriesSql}) ${outboxInsertSql(wakeUps, params)}`, params);
  }

  list(endpointId: string, status: DeliveryStatus | null, beforeId: string | null, limit: number): Promise<WebhookDeliveryRow[]> {
    return this.tx.query<WebhookDeliveryRow>(
      `SELECT ${COLUMNS} FROM ${FROM}
        WHERE d.endpoint_id = $1 AND ($2::text IS NULL OR d.status = $2) AND ($3::uuid IS NULL OR d.id < $3::uuid)
        ORDER BY d.id DESC LIMIT $4`,
      [endpointId, status, beforeId, limit],
    );
  }

  async find(endpointId: string, id: string): Promise<(WebhookDeliveryRow & { body: string }) | null> {
    const [row] = await this.tx.query<WebhookDeliveryRow & { body: string }>(
      `SELECT ${COLUMNS}, ev.body FROM ${FROM} WHERE d.id = $1 AND d.endpoint_id = $2`,
      [id, endpointId],
    );
    return row ?? null;
  }

  /** Starts a new round on the retry schedule (redeliver); the previous round's job becomes a no-op. */
  async startRound(endpointId: string, id: string): Promise<WebhookDeliveryRow | null> {
    const [row] = await this.tx.query<{ id: string }>(
      `UPDATE webhook_deliveries SET round = round + 1, round_attempts = 0, status = 'pending', next_attempt_at = now(),
              claimed_until = NULL, claim_token = NULL, updated_at = now()
        WHERE id = $1 AND endpoint_id = $2 RETURNING id`,
      [id, endpointId],
    );
    return row ? this.find(endpointId, id) : null;
  }

  /** Starts a new round for every failed delivery of the endpoint created at or after `since`. */
  recoverFailedSince(endpointId: string, since: Date): Promise<Array<{ id: string; round: number }>> {
    return this.tx.query<{ id: string; round: number }>(
      `UPDATE webhook_deliveries SET round = round + 1, round_attempts = 0, status = 'pending', next_attempt_at = now(),
              claimed_until = NULL, claim_token = NULL, updated_at = now()
        WHERE endpoint_id = $1 AND status = 'failed' AND created_at >= $2 RETURNING id, round`,
      [endpointId, since.toISOString()],
    );
  }

  /** Ends every pending delivery of an endpoint that was deleted or disabled. */
  async failPending(endpointId: string, reason: string): Promise<void> {
    await this.tx.query(
      `UPDATE webhook_deliveries
          SET status = 'failed', next_attempt_at = NULL, updated_at = now(),
              last_error = CASE WHEN last_error IS NULL THEN $2 ELSE $2 || ' (last error: ' || left(last_error, 3000) || ')' END
        WHERE endpoint_id = $1 AND status = 'pending'`,
      [endpointId, reason],
    );
  }

  /**
   * Claims and counts, in one statement, the attempt due now of each given delivery round: only rows
   * pending in that round, due, not claimed by another attempt whose lease runs, of a live endpoint;
   * rows another statement holds locked are skipped (it is settling them). The claim lasts `leaseMs`
   * and only its `token` may record the outcome, so two jobs for the same round never both POST.
   */
  claim(endpointId: string, items: DeliveryRound[], token: string, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.tx.query<ClaimedDelivery>(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d JOIN unnest($2::uuid[], $3::int[]) AS t(id, round) ON d.id = t.id AND d.round = t.round
          WHERE d.endpoint_id = $1 AND d.status = 'pending' AND d.next_attempt_at <= now()
            AND (d.claimed_until IS NULL OR d.claimed_until < now())
          ORDER BY d.id FOR UPDATE OF d SKIP LOCKED)
       ${claimSql('$4', '$5')}`,
      [endpointId, items.map((item) => item.deliveryId), items.map((item) => item.round), token, leaseMs],
    );
  }

  /** The same claim for up to `limit` due deliveries of the endpoint, oldest due first (a job draining its endpoint). */
  claimDue(endpointId: string, limit: number, token: string, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.tx.query<ClaimedDelivery>(
      `WITH due AS (
         SELECT id FROM webhook_deliveries
          WHERE endpoint_id = $1 AND status = 'pending' AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
          ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       ${claimSql('$3', '$4')}`,
      [endpointId, limit, token, leaseMs],
    );
  }

  /**
   * Live endpoints with a delivery due for over `overdueMs` that no attempt holds: drains a wake-up
   * never reached (a crashed drainer's, a lost job).
   */
  async overdueEndpoints(overdueMs: number, limit: number): Promise<string[]> {
    const rows = await this.tx.query<{ endpoint_id: string }>(
      `SELECT DISTINCT d.endpoint_id
         FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.disabled_at IS NULL AND e.deleted_at IS NULL
        WHERE d.status = 'pending' AND d.next_attempt_at < now() - $1 * interval '1 millisecond'
          AND (d.claimed_until IS NULL OR d.claimed_until < now())
        LIMIT $2`,
      [overdueMs, limit],
    );
    return rows.map((row) => row.endpoint_id);
  }

  /** Where the given delivery rounds stand, for a job whose claim did not get them (db clock: `wait_ms`). */
  states(items: DeliveryRound[]): Promise<DeliveryState[]> {
    return this.tx.query<DeliveryState>(
      `SELECT d.id, d.round, d.endpoint_id, (e.disabled_at IS NULL AND e.deleted_at IS NULL) AS endpoint_active,
              GREATEST(0, extract(epoch FROM d.claimed_until - now()) * 1000)::int AS claim_ms,
              GREATEST(0, extract(epoch FROM d.next_attempt_at - now()) * 1000)::int AS due_ms
         FROM webhook_deliveries d JOIN unnest($1::uuid[], $2::int[]) AS t(id, round) ON d.id = t.id AND d.round = t.round
         JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.status = 'pending'`,
      [items.map((item) => item.deliveryId), items.map((item) => item.round)],
    );
  }

  /** The endpoint of a delivery (a single-delivery job's payload names only the delivery). */
  async endpointOf(id: string): Promise<string | null> {
    const [row] = await this.tx.query<{ endpoint_id: string }>(`SELECT endpoint_id FROM webhook_deliveries WHERE id = $1`, [id]);
    return row?.endpoint_id ?? null;
  }

  /**
   * Delivered, for the attempts this claim made (one statement for the lot); the endpoint's failing
   * streak ends. Returns the ids recorded (an attempt whose claim was taken over records nothing).
   */
  async recordDelivered(endpointId: string, token: string, delivered: Array<{ id: string; statusCode: number }>): Promise<string[]> {
    if (delivered.length === 0) return [];
    const rows = await this.tx.query<{ id: string }>(
      `WITH delivered AS (
         UPDATE webhook_deliveries d
            SET status = 'delivered', delivered_at = now(), last_status_code = t.status_code, last_error = NULL, next_attempt_at = NULL,
                claimed_until = NULL, claim_token = NULL, updated_at = now()
           FROM unnest($1::uuid[], $2::int[]) AS t(id, status_code)
          WHERE d.id = t.id AND d.claim_token = $3 AND d.status = 'pending'
          RETURNING d.id),
       streak AS (
         UPDATE webhook_endpoints SET failing_since = NULL
          WHERE id = $4 AND failing_since IS NOT NULL AND EXISTS (SELECT 1 FROM delivered))
       SELECT id FROM delivered`,
      [delivered.map((row) => row.id), delivered.map((row) => row.statusCode), token, endpointId],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Failed attempts of this claim: each pending again `retryInMs` from now, or failed for good when
   * null. Returns the rows recorded, with their round (for the follow-up job).
   */
  recordFailed(token: string, failures: DeliveryFailure[]): Promise<DeliveryRound[]> {
    if (failures.length === 0) return Promise.resolve([]);
    return this.tx.query<DeliveryRound>(
      `UPDATE webhook_deliveries d
          SET status = CASE WHEN t.retry_ms IS NULL THEN 'failed' ELSE 'pending' END,
              next_attempt_at = now() + t.retry_ms * interval '1 millisecond',
              last_status_code = t.status_code, last_error = t.error, claimed_until = NULL, claim_token = NULL, updated_at = now()
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::bigint[]) AS t(id, status_code, error, retry_ms)
        WHERE d.id = t.id AND d.claim_token = $5 AND d.status = 'pending'
        RETURNING d.id AS "deliveryId", d.round`,
      [
        failures.map((row) => row.id),
        failures.map((row) => row.statusCode),
        failures.map((row) => row.error),
        failures.map((row) => row.retryInMs),
        token,
      ],
    );
  }

  /** Claimed attempts that were never started: their count is undone and the rows are free to claim at once. */
  async giveBack(token: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.tx.query(
      `UPDATE webhook_deliveries SET attempts = attempts - 1, round_attempts = round_attempts - 1, claimed_until = NULL, claim_token = NULL
        WHERE id = ANY($1::uuid[]) AND claim_token = $2 AND status = 'pending'`,
      [ids, token],
    );
  }

  /** Ends one delivery whose endpoint went away between its job being queued and run. */
  async stop(id: string, round: number, reason: string): Promise<void> {
    await this.tx.query(
      `UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = $3, updated_at = now()
        WHERE id = $1 AND round = $2 AND status = 'pending'`,
      [id, round, reason],
    );
  }
}
