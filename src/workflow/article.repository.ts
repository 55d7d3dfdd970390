import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import { asParameter } from '../database/array-parameter';
import { OutboxJob, outboxInsertSql } from '../queue/outbox.repository';
import type { ClaimStatus } from './claim-status';
import type { ArticleStatus } from './article-status';
import { ArticleRow, ArticleSummaryFields, ArticleSummaryRow, NewArticle } from './article.entity';

const SUMMARY_COLUMNS = `id, newsroom_id, status, title, url, language, external_id, published_at, metadata, urgency,
  source_format, failure_reason, created_at, updated_at`;
/** ArticleSummaryFields: every column returned is parsed by pg on each ingest request, so only these. */
const SUMMARY_FIELD_COLUMNS = 'id, status, title, url, language, external_id, published_at, failure_reason, created_at, updated_at';

@Injectable()
export class ArticleRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * Inserts the article with its first history row and its jobs' outbox rows in one statement: atomic
   * on its own, so the hot ingest path needs no BEGIN/COMMIT round trips.
   */
  async insert(article: NewArticle, jobs: OutboxJob[]): Promise<ArticleSummaryFields> {
    const params: unknown[] = [
      article.id,
      article.newsroomId,
      article.title,
      article.url,
      article.language,
      article.externalId,
      article.publishedAt,
      article.metadata === null ? null : JSON.stringify(article.metadata),
      article.urgency,
      article.sourceFormat,
      article.text,
    ];
    const [row] = await this.tx.query<ArticleSummaryFields>(
      `WITH inserted AS (
         INSERT INTO articles (id, newsroom_id, status, title, url, language, external_id, published_at, metadata, urgency,
                               source_format, text)
         VALUES ($1, $2, 'received', $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${SUMMARY_FIELD_COLUMNS}
       ), history AS (
         INSERT INTO article_events (article_id, from_status, to_status) SELECT id, NULL, status FROM inserted
       )${jobs.length > 0 ? `, queued AS (${outboxInsertSql(jobs, params)})` : ''}
       SELECT * FROM inserted`,
      params,
    );
    return row;
  }

  async find(id: string): Promise<ArticleRow | null> {
    const [row] = await this.tx.query<ArticleRow>(`SELECT ${SUMMARY_COLUMNS}, text FROM articles WHERE id = $1`, [id]);
    return row ?? null;
  }

  async findSummary(id: string): Promise<ArticleSummaryRow | null> {
    const [row] = await this.tx.query<ArticleSummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM articles WHERE id = $1`, [id]);
    return row ?? null;
  }

  findSummaries(ids: string[]): Promise<ArticleSummaryRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.tx.query<ArticleSummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM articles WHERE id = ANY(${asParameter('$1', 'uuid[]')})`, [
      ids,
    ]);
  }

  /** Articles with their newsroom's name (null when the newsroom is gone), in one read. */
  findSummariesWithNewsroomName(ids: string[]): Promise<Array<ArticleSummaryRow & { newsroom_name: string | null }>> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.tx.query<ArticleSummaryRow & { newsroom_name: string | null }>(
      `SELECT ${SUMMARY_COLUMNS.split(',')
        .map((column) => `a.${column.trim()}`)
        .join(', ')}, n.name AS newsroom_name
         FROM articles a LEFT JOIN newsrooms n ON n.id = a.newsroom_id WHERE a.id = ANY(${asParameter('$1', 'uuid[]')})`,
      [ids],
    );
  }

  findMany(ids: string[]): Promise<ArticleRow[]> {
    return this.tx.query<ArticleRow>(
      `SELECT ${SUMMARY_COLUMNS}, text FROM articles WHERE id = ANY(${asParameter('$1', 'uuid[]')}) ORDER BY id`,
      [ids],
    );
  }

  /** Articles with their newsroom's check-worthiness threshold (null: the default), in id order, for extraction. */
  findManyWithThreshold(ids: string[]): Promise<Array<ArticleRow & { checkworthy_threshold: number | null }>> {
    return this.tx.query<ArticleRow & { checkworthy_threshold: number | null }>(
      `SELECT ${SUMMARY_COLUMNS.split(',')
        .map((column) => `a.${column.trim()}`)
        .join(', ')}, a.text, n.checkworthy_threshold
         FROM articles a JOIN newsrooms n ON n.id = a.newsroom_id WHERE a.id = ANY(${asParameter('$1', 'uuid[]')}) ORDER BY a.id`,
      [ids],
    );
  }

  /** Locks several articles, in id order (the lock order of every batch). */
  lockMany(ids: string[]): Promise<ArticleRow[]> {
    return this.tx.query<ArticleRow>(
      `SELECT ${SUMMARY_COLUMNS}, text FROM articles WHERE id = ANY(${asParameter('$1', 'uuid[]')}) ORDER BY id FOR UPDATE`,
      [ids],
    );
  }

  async lock(id: string): Promise<ArticleRow | null> {
    const [row] = await this.tx.query<ArticleRow>(`SELECT ${SUMMARY_COLUMNS}, text FROM articles WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  /** A page newest first; `sort_key` is created_at at full (microsecond) precision, for the cursor. */
  list(newsroomId: string, status: ArticleStatus | null, after: { createdAt: string; id: string } | null, limit: number) {
    return this.tx.query<ArticleSummaryRow & { sort_key: string }>(
      `SELECT ${SUMMARY_COLUMNS}, created_at::text AS sort_key FROM articles
        WHERE newsroom_id = $1 AND ($2::text IS NULL OR status = $2)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [newsroomId, status, after?.createdAt ?? null, after?.id ?? null, limit],
    );
  }

  /**
   * Status changes of several articles (each from its own status) and their history rows, in one
   * statement; a detected language fills in a missing one. An article may take several steps in a row
   * (received -> extracting -> verifying): it ends in its last step's status, with a history row per
   * step, in the order given.
   */
  async changeStatusMany(
    changes: Array<{
      article: ArticleSummaryRow;
      from: ArticleStatus;
      to: ArticleStatus;
      reason: string | null;
      detectedLanguage: string | null;
    }>,
  ): Promise<void> {
    if (changes.length === 0) return;
    await this.tx.query(
      `WITH change AS (
         SELECT * FROM unnest(${asParameter('$1', 'uuid[]')}, ${asParameter('$2', 'text[]')}, ${asParameter('$3', 'text[]')},
                              ${asParameter('$4', 'text[]')}, ${asParameter('$5', 'text[]')}) WITH ORDINALITY
           AS c(id, from_status, to_status, reason, language, step)
       ), final AS (
         SELECT id, (array_agg(to_status ORDER BY step DESC))[1] AS to_status, (array_agg(reason ORDER BY step DESC))[1] AS reason,
                (array_agg(language ORDER BY step) FILTER (WHERE language IS NOT NULL))[1] AS language
           FROM change GROUP BY id
       ), updated AS (
         UPDATE articles a SET status = c.to_status,
                failure_reason = CASE WHEN c.to_status = 'failed' THEN c.reason ELSE a.failure_reason END,
                language = COALESCE(a.language, c.language), updated_at = now()
           FROM final c WHERE a.id = c.id RETURNING a.id
       )
       INSERT INTO article_events (article_id, from_status, to_status, reason)
       SELECT c.id, c.from_status, c.to_status, c.reason FROM change c JOIN updated u ON u.id = c.id ORDER BY c.step`,
      [
        changes.map((change) => change.article.id),
        changes.map((change) => change.from),
        changes.map((change) => change.to),
        changes.map((change) => change.reason),
        changes.map((change) => change.detectedLanguage),
      ],
    );
  }

  async urgencies(ids: string[]): Promise<Map<string, number>> {
    const rows = await this.tx.query<{ id: string; urgency: number }>(
      `SELECT id, urgency FROM articles WHERE id = ANY(${asParameter('$1', 'uuid[]')})`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.urgency]));
  }

  async claimStatuses(articleId: string): Promise<ClaimStatus[]> {
    const rows = await this.tx.query<{ status: ClaimStatus }>(`SELECT DISTINCT status FROM claims WHERE article_id = $1`, [articleId]);
    return rows.map((row) => row.status);
  }

  async claimCounts(articleIds: string[]): Promise<Map<string, Record<string, number>>> {
    const rows = await this.tx.query<{ article_id: string; status: string; count: number }>(
      `SELECT article_id, status, count(*)::int AS count FROM claims WHERE article_id = ANY(${asParameter('$1', 'uuid[]')}) GROUP BY 1, 2`,
      [articleIds],
    );
    const counts = new Map<string, Record<string, number>>();
    for (const row of rows) counts.set(row.article_id, { ...counts.get(row.article_id), [row.status]: row.count });
    return counts;
  }

  /** Takes the key first: a concurrent request with the same key waits here for the first to commit. */
  async reserveIdempotencyKey(newsroomId: string, key: string, requestHash: string, articleId: string): Promise<boolean> {
    const rows = await this.tx.query(
      `INSERT INTO idempotency_keys (newsroom_id, key, request_hash, article_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (newsroom_id, key) DO NOTHING RETURNING key`,
      [newsroomId, key, requestHash, articleId],
    );
    return rows.length === 1;
  }

  async findIdempotencyKey(newsroomId: string, key: string): Promise<{ request_hash: string; article_id: string } | null> {
    const [row] = await this.tx.query<{ request_hash: string; article_id: string }>(
      `SELECT request_hash, article_id FROM idempotency_keys WHERE newsroom_id = $1 AND key = $2`,
      [newsroomId, key],
    );
    return row ?? null;
  }
}
