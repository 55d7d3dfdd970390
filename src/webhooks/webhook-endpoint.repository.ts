import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import type { WebhookEventType } from './webhook-event-types';
import type { SecretKeyRing } from '../config/secret-key-ring';
import { resealEndpointSecrets } from './webhook-secrets';
import { WebhookEndpointRow } from './webhook.entity';

const COLUMNS = `id, newsroom_id, url, description, events, secret, previous_secret, previous_secret_expires_at, disabled_at,
  disabled_reason, failing_since, deleted_at, created_at, updated_at`;

export interface SubscribedEndpoint {
  id: string;
  newsroom_id: string;
  events: WebhookEventType[];
}

/**
 * The subscribed endpoints of the newsrooms an SQL expression yields (a subquery), as a jsonb array of
 * SubscribedEndpoint: for a statement that reads them along with its own work (WebhookEndpointRepository.remember).
 */
export const subscribersOfSql = (newsroomIds: string) =>
  `(SELECT COALESCE(jsonb_agg(jsonb_build_object('id', w.id, 'newsroom_id', w.newsroom_id, 'events', w.events)), '[]'::jsonb)
      FROM webhook_endpoints w WHERE w.newsroom_id IN (${newsroomIds}) AND w.deleted_at IS NULL AND w.disabled_at IS NULL)`;

@Injectable()
export class WebhookEndpointRepository {
  /**
   * Subscribers already read by an open transaction, by newsroom (keyed by the transaction's manager,
   * so they go with it): a use case recording several events for a newsroom (a verdict: the claim's
   * status, its article's, claim.verified) reads them once. Writes that change who subscribes forget them.
   */
  private readonly subscribersInTransaction = new WeakMap<object, Map<string, SubscribedEndpoint[]>>();

  constructor(private readonly tx: TransactionHost) {}

  /** The hot path of event recording: one indexed query for every newsroom of a batch (none for those this transaction read). */
  async subscribers(newsroomIds: string[]): Promise<SubscribedEndpoint[]> {
    const known = this.tx.inTransaction ? this.knownSubscribers() : null;
    const missing = [...new Set(newsroomIds)].filter((id) => !known?.has(id));
    const read =
      missing.length === 0
        ? []
        : await this.tx.query<SubscribedEndpoint>(
            `SELECT id, newsroom_id, events FROM webhook_endpoints
              WHERE newsroom_id = ANY($1::uuid[]) AND deleted_at IS NULL AND disabled_at IS NULL`,
            [missing],
          );
    if (!known) return read;
    for (const id of missing) known.set(id, []);
    for (const endpoint of read) known.get(endpoint.newsroom_id)!.push(endpoint);
    return [...new Set(newsroomIds)].flatMap((id) => known.get(id)!);
  }

  /** Subscribers of these newsrooms that a statement of the open transaction read (subscribersOfSql): their events read none. */
  remember(newsroomIds: string[], endpoints: SubscribedEndpoint[]): void {
    if (!this.tx.inTransaction) return;
    const known = this.knownSubscribers();
    const fresh = [...new Set(newsroomIds)].filter((id) => !known.has(id));
    for (const id of fresh) known.set(id, []);
    for (const endpoint of endpoints) if (fresh.includes(endpoint.newsroom_id)) known.get(endpoint.newsroom_id)!.push(endpoint);
  }

  private knownSubscribers(): Map<string, SubscribedEndpoint[]> {
    let known = this.subscribersInTransaction.get(this.tx.manager);
    if (!known) this.subscribersInTransaction.set(this.tx.manager, (known = new Map()));
    return known;
  }

  /** After a write that can change who subscribes, in this transaction. */
  private forgetSubscribers(): void {
    this.subscribersInTransaction.delete(this.tx.manager);
  }

  async insert(endpoint: { id: string; newsroomId: string; url: string; description: string | null; events: string[]; secret: string }) {
    this.forgetSubscribers();
    const [row] = await this.tx.query<WebhookEndpointRow>(
      `INSERT INTO webhook_endpoints (id, newsroom_id, url, description, events, secret)
       VALUES ($1, $2, $3, $4, $5::text[], $6) RETURNING ${COLUMNS}`,
      [endpoint.id, endpoint.newsroomId, endpoint.url, endpoint.description, endpoint.events, endpoint.secret],
    );
    return row;
  }

  async countLive(newsroomId: string): Promise<number> {
    const [row] = await this.tx.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM webhook_endpoints WHERE newsroom_id = $1 AND deleted_at IS NULL`,
      [newsroomId],
    );
    return row.count;
  }

  /** A live (not deleted) endpoint of the newsroom, optionally locked for a change. */
  async findOwned(newsroomId: string, id: string, lock = false): Promise<WebhookEndpointRow | null> {
    const [row] = await this.tx.query<WebhookEndpointRow>(
      `SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1 AND newsroom_id = $2 AND deleted_at IS NULL${lock ? ' FOR UPDATE' : ''}`,
      [id, newsroomId],
    );
    return row ?? null;
  }

  list(newsroomId: string, beforeId: string | null, limit: number): Promise<WebhookEndpointRow[]> {
    return this.tx.query<WebhookEndpointRow>(
      `SELECT ${COLUMNS} FROM webhook_endpoints
        WHERE newsroom_id = $1 AND deleted_at IS NULL AND ($2::uuid IS NULL OR id < $2::uuid)
        ORDER BY id DESC LIMIT $3`,
      [newsroomId, beforeId, limit],
    );
  }

  async softDelete(id: string): Promise<void> {
    this.forgetSubscribers();
    await this.tx.query(`UPDATE webhook_endpoints SET deleted_at = now(), updated_at = now() WHERE id = $1`, [id]);
  }

  /** The old secret keeps signing until `graceSeconds` from now (0: it stops at once). */
  async rotateSecret(id: string, secret: string, graceSeconds: number): Promise<WebhookEndpointRow> {
    const [row] = await this.tx.query<WebhookEndpointRow>(
      `UPDATE webhook_endpoints
          SET previous_secret = CASE WHEN $3::int > 0 THEN secret END,
              previous_secret_expires_at = CASE WHEN $3::int > 0 THEN now() + $3::int * interval '1 second' END,
              secret = $2, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, secret, graceSeconds],
    );
    return row;
  }

  async enable(id: string): Promise<WebhookEndpointRow> {
    this.forgetSubscribers();
    const [row] = await this.tx.query<WebhookEndpointRow>(
      `UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return row;
  }

  /** Disables a live, enabled endpoint; false when it already was disabled or deleted. */
  async disable(id: string, reason: string): Promise<boolean> {
    this.forgetSubscribers();
    const { affected } = await this.tx.execute(
      `UPDATE webhook_endpoints SET disabled_at = now(), disabled_reason = $2, updated_at = now()
        WHERE id = $1 AND disabled_at IS NULL AND deleted_at IS NULL`,
      [id, reason],
    );
    return affected > 0;
  }

  /** Notes a failed attempt; returns since when the endpoint has failed every attempt. */
  async markFailing(id: string): Promise<Date> {
    const [row] = await this.tx.query<{ failing_since: Date }>(
      `UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, now()) WHERE id = $1 RETURNING failing_since`,
      [id],
    );
    return row.failing_since;
  }

  /** Forgets previous secrets whose rotation window has ended (at most `limit` rows); returns how many. */
  async clearExpiredPreviousSecrets(limit: number): Promise<number> {
    const { affected } = await this.tx.execute(
      `UPDATE webhook_endpoints SET previous_secret = NULL, previous_secret_expires_at = NULL
        WHERE id IN (SELECT id FROM webhook_endpoints WHERE previous_secret IS NOT NULL AND previous_secret_expires_at <= now() LIMIT $1)`,
      [limit],
    );
    return affected;
  }

  /** Seals every secret not yet sealed with the primary key (after a key rotation), in batches. */
  resealSecrets(ring: SecretKeyRing): Promise<number> {
    return resealEndpointSecrets((sql, params) => this.tx.query(sql, params), ring);
  }

  async clearFailing(id: string): Promise<void> {
    await this.tx.query(`UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [id]);
  }
}
