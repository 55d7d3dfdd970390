import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import { DeliveryAttemptRow, DeliveryStatus, NewWebhookDelivery, NewWebhookEvent, WebhookDeliveryRow } from './webhook.entity';

const COLUMNS = `d.id, d.event_id, d.endpoint_id, ev.type, d.status, d.attempts, d.round, d.round_attempts, d.last_status_code,
  d.last_error, d.next_attempt_at, d.delivered_at, d.created_at, d.updated_at`;
const FROM = `webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id`;

export interface DeliveryTarget {
  status: DeliveryStatus;
  round: number;
  endpoint_id: string;
  endpoint_active: boolean;
}

export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
}

@Injectable()
export class WebhookDeliveryRepository {
  constructor(private readonly tx: TransactionHost) {}

  async insertEvents(events: NewWebhookEvent[]): Promise<void> {
    await this.tx.query(
      `INSERT INTO webhook_events (id, newsroom_id, type, body, occurred_at)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[])`,
      [
        events.map((event) => event.id),
        events.map((event) => event.newsroomId),
        events.map((event) => event.type),
        events.map((event) => event.body),
        events.map((event) => event.occurredAt.toISOString()),
      ],
    );
  }

  async insertDeliveries(deliveries: NewWebhookDelivery[]): Promise<void> {
    await this.tx.query(
      `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, status, next_attempt_at)
       SELECT id, event_id, endpoint_id, 'pending', now() FROM unnest($1::uuid[], $2::text[], $3::uuid[]) AS t(id, event_id, endpoint_id)`,
      [deliveries.map((row) => row.id), deliveries.map((row) => row.eventId), deliveries.map((row) => row.endpointId)],
    );
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
              updated_at = now()
        WHERE id = $1 AND endpoint_id = $2 RETURNING id`,
      [id, endpointId],
    );
    return row ? this.find(endpointId, id) : null;
  }

  /** Starts a new round for every failed delivery of the endpoint created at or after `since`. */
  recoverFailedSince(endpointId: string, since: Date): Promise<Array<{ id: string; round: number }>> {
    return this.tx.query<{ id: string; round: number }>(
      `UPDATE webhook_deliveries SET round = round + 1, round_attempts = 0, status = 'pending', next_attempt_at = now(),
              updated_at = now()
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

  async target(id: string): Promise<DeliveryTarget | null> {
    const [row] = await this.tx.query<DeliveryTarget>(
      `SELECT d.status, d.round, d.endpoint_id, (e.disabled_at IS NULL AND e.deleted_at IS NULL) AS endpoint_active
         FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /**
   * Counts an attempt of the given round atomically and returns what it needs; null when the
   * delivery is no longer pending in that round or its endpoint is gone (the job then does nothing).
   */
  async startAttempt(id: string, round: number): Promise<DeliveryAttemptRow | null> {
    const [row] = await this.tx.query<DeliveryAttemptRow>(
      `UPDATE webhook_deliveries d
          SET attempts = d.attempts + 1, round_attempts = d.round_attempts + 1, updated_at = now()
         FROM webhook_endpoints e, webhook_events ev
        WHERE d.id = $1 AND d.round = $2 AND d.status = 'pending'
          AND e.id = d.endpoint_id AND e.disabled_at IS NULL AND e.deleted_at IS NULL AND ev.id = d.event_id
        RETURNING d.id, d.event_id, d.endpoint_id, d.round_attempts, e.url, e.secret,
                  CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret END AS previous_secret, ev.body`,
      [id, round],
    );
    return row ?? null;
  }

  /** Delivered; the endpoint's failing streak ends (one statement, no transaction round trips). */
  async recordSuccess(id: string, round: number, statusCode: number, endpointId: string): Promise<void> {
    await this.tx.query(
      `WITH delivered AS (
         UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(), last_status_code = $3, last_error = NULL,
                next_attempt_at = NULL, updated_at = now()
          WHERE id = $1 AND round = $2 AND status = 'pending')
       UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $4 AND failing_since IS NOT NULL`,
      [id, round, statusCode, endpointId],
    );
  }

  /** Takes back an attempt counted by startAttempt that was not made (its endpoint was at its cap). */
  async uncountAttempt(id: string, round: number): Promise<void> {
    await this.tx.query(
      `UPDATE webhook_deliveries SET attempts = attempts - 1, round_attempts = round_attempts - 1
        WHERE id = $1 AND round = $2 AND status = 'pending' AND round_attempts > 0`,
      [id, round],
    );
  }

  /** A failed attempt: pending again `retryInMs` from now, or failed for good when null. */
  async recordFailure(id: string, round: number, result: AttemptResult, retryInMs: number | null): Promise<boolean> {
    const { affected } = await this.tx.execute(
      `UPDATE webhook_deliveries
          SET status = CASE WHEN $5::bigint IS NULL THEN 'failed' ELSE 'pending' END,
              next_attempt_at = now() + $5::bigint * interval '1 millisecond',
              last_status_code = $3, last_error = $4, updated_at = now()
        WHERE id = $1 AND round = $2 AND status = 'pending'`,
      [id, round, result.statusCode, result.error, retryInMs],
    );
    return affected > 0;
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
