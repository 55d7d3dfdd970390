import { Injectable } from '@nestjs/common';
import { batchedDeleteSql } from '../database/batched-delete';
import { TransactionHost } from '../database/transaction-host';

/** A kind of finished bookkeeping and the rule that says when one row of it may go. */
export interface RetentionPolicy {
  name: string;
  table: string;
  /** Rows older than $1 hours that nothing needs any more. */
  condition: string;
}

/**
 * What is purged, oldest rows of finished work only. The audit trail (claim_events, article_events,
 * verdicts, evidence) and anything still in flight (pending deliveries, outbox rows, which the relay
 * deletes once it enqueued them) are never touched.
 */
export const RETENTION_POLICIES = {
  /** Delivered or failed for good (a failed one can no longer be recovered after this). */
  webhookDeliveries: {
    name: 'webhook deliveries',
    table: 'webhook_deliveries',
    condition: `status IN ('delivered', 'failed') AND updated_at < now() - $1 * interval '1 hour'`,
  },
  /** Events every delivery of which is gone (or that had none: no endpoint was subscribed). */
  webhookEvents: {
    name: 'webhook events',
    table: 'webhook_events',
    condition: `occurred_at < now() - $1 * interval '1 hour' AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id)`,
  },
  /** Spent Idempotency-Key records (promised for 24 hours). */
  idempotencyKeys: {
    name: 'idempotency keys',
    table: 'idempotency_keys',
    condition: `created_at < now() - $1 * interval '1 hour'`,
  },
} satisfies Record<string, RetentionPolicy>;

@Injectable()
export class RetentionRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Deletes one batch of expired rows (its own short statement); returns how many went. */
  async purgeBatch(policy: RetentionPolicy, olderThanHours: number, limit: number): Promise<number> {
    const { affected } = await this.tx.execute(batchedDeleteSql(policy.table, policy.condition, '$2'), [olderThanHours, limit]);
    return affected;
  }
}
