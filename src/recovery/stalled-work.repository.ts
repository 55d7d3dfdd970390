import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';

/** Where a walk through stalled rows stands: the last row seen, in (time, id) order. Null: from the oldest. */
export interface StalledCursor {
  at: string;
  id: string;
}

export interface StalledPage<T> {
  items: T[];
  /** The last row of the page; null when the page was the last one. */
  next: StalledCursor | null;
}

const START: StalledCursor = { at: '-infinity', id: '00000000-0000-0000-0000-000000000000' };

/**
 * Work untouched for a while, read oldest first in pages that go on from a cursor (keyset), so
 * every stalled row is reached, whatever is stuck in front of it. Times travel as text so no
 * microsecond is lost between pages.
 */
@Injectable()
export class StalledWorkRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Articles still before their claims (received or extracting). */
  async articles(olderThanMs: number, after: StalledCursor | null, limit: number): Promise<StalledPage<string>> {
    const from = after ?? START;
    const rows = await this.tx.query<{ id: string; at: string }>(
      `SELECT id, updated_at::text AS at FROM articles
        WHERE status IN ('received', 'extracting') AND updated_at < now() - $1 * interval '1 millisecond'
          AND (updated_at, id) > ($2::timestamptz, $3::uuid)
        ORDER BY updated_at, id LIMIT $4`,
      [olderThanMs, from.at, from.id, limit],
    );
    return { items: rows.map((row) => row.id), next: nextCursor(rows, limit) };
  }

  /**
   * Claims pending or verifying of articles in verification, as one batch per article (every such
   * claim of the article, so a batch is never split across pages).
   */
  async claimBatches(
    olderThanMs: number,
    after: StalledCursor | null,
    limit: number,
  ): Promise<StalledPage<{ articleId: string; claimIds: string[] }>> {
    const from = after ?? START;
    const rows = await this.tx.query<{ id: string; article_id: string; at: string }>(
      `SELECT c.id, c.article_id, c.updated_at::text AS at
         FROM claims c JOIN articles a ON a.id = c.article_id
        WHERE a.status = 'verifying' AND c.status IN ('pending', 'verifying') AND c.updated_at < now() - $1 * interval '1 millisecond'
          AND (c.updated_at, c.id) > ($2::timestamptz, $3::uuid)
        ORDER BY c.updated_at, c.id LIMIT $4`,
      [olderThanMs, from.at, from.id, limit],
    );
    const articleIds = [...new Set(rows.map((row) => row.article_id))];
    if (articleIds.length === 0) return { items: [], next: null };
    const batches = await this.tx.query<{ article_id: string; claim_ids: string[] }>(
      `SELECT article_id, array_agg(id ORDER BY id) AS claim_ids FROM claims
        WHERE article_id = ANY($1::uuid[]) AND status IN ('pending', 'verifying') AND updated_at < now() - $2 * interval '1 millisecond'
        GROUP BY article_id`,
      [articleIds, olderThanMs],
    );
    const byArticle = new Map(batches.map((batch) => [batch.article_id, batch.claim_ids]));
    return {
      items: articleIds.filter((id) => byArticle.has(id)).map((articleId) => ({ articleId, claimIds: byArticle.get(articleId)! })),
      next: nextCursor(rows, limit),
    };
  }

  /** Deliveries pending well past their next attempt. */
  async deliveries(olderThanMs: number, after: StalledCursor | null, limit: number): Promise<StalledPage<{ id: string; round: number }>> {
    const from = after ?? START;
    const rows = await this.tx.query<{ id: string; round: number; at: string }>(
      `SELECT id, round, next_attempt_at::text AS at FROM webhook_deliveries
        WHERE status = 'pending' AND next_attempt_at < now() - $1 * interval '1 millisecond'
          AND (next_attempt_at, id) > ($2::timestamptz, $3::uuid)
        ORDER BY next_attempt_at, id LIMIT $4`,
      [olderThanMs, from.at, from.id, limit],
    );
    return { items: rows.map((row) => ({ id: row.id, round: row.round })), next: nextCursor(rows, limit) };
  }
}

function nextCursor(rows: { id: string; at: string }[], limit: number): StalledCursor | null {
  if (rows.length < limit) return null;
  const last = rows[rows.length - 1];
  return { at: last.at, id: last.id };
}
