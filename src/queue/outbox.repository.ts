import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import { JOBS, JobName, JobPayloads } from './queue.registry';

export interface OutboxRow {
  id: string;
  queue: string;
  job_name: JobName;
  job_id: string;
  payload: unknown;
  /** How long the row has been due, in ms. */
  due_ms: number;
}

export interface OutboxJob<K extends JobName = JobName> {
  name: K;
  payload: JobPayloads[K];
  delayMs?: number;
}

export interface OutboxBacklog {
  count: number;
  oldestSeconds: number;
  unknownJobs: number;
}

@Injectable()
export class OutboxRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Writes jobs in the caller's transaction: they reach the queue only if the change commits. */
  async add(jobs: OutboxJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const params: unknown[] = [];
    await this.tx.query(outboxInsertSql(jobs, params), params);
  }

  /**
   * Locks a batch of due rows of jobs this version knows, for the current transaction; other relays
   * skip them. A row of an unknown job (written by a newer version during a rolling deploy, or by
   * hand) is left for a worker that knows it, and never blocks the rows behind it.
   */
  lockDue(limit: number): Promise<OutboxRow[]> {
    return this.tx.query<OutboxRow>(
      `SELECT id, queue, job_name, job_id, payload, (extract(epoch FROM now() - available_at) * 1000)::float8 AS due_ms FROM outbox
        WHERE available_at <= now() AND job_name = ANY($2::text[]) ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit, Object.keys(JOBS)],
    );
  }

  /** Whether any row lockDue would consider is due: one statement, no transaction (a poll that finds nothing costs only this). */
  async anyDue(): Promise<boolean> {
    const [row] = await this.tx.query<{ due: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM outbox WHERE available_at <= now() AND job_name = ANY($1::text[])) AS due`,
      [Object.keys(JOBS)],
    );
    return row.due;
  }

  /**
   * Whether a row lockDue would lock is there now (due, known, not locked by another relay's drain):
   * one statement, no transaction. It locks at most one row, for the statement's length only.
   */
  async anyUnlockedDue(): Promise<boolean> {
    const rows = await this.tx.query(
      `SELECT id FROM outbox WHERE available_at <= now() AND job_name = ANY($1::text[]) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [Object.keys(JOBS)],
    );
    return rows.length > 0;
  }

  async remove(ids: string[]): Promise<void> {
    await this.tx.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** Rows not yet relayed, the oldest one's age in seconds (0 when empty), and rows of jobs this version does not know. */
  async backlog(): Promise<OutboxBacklog> {
    const [row] = await this.tx.query<{ count: number; age: number | null; unknown: number }>(
      `SELECT count(*)::int AS count, extract(epoch FROM now() - min(created_at))::float AS age,
              count(*) FILTER (WHERE job_name <> ALL($1::text[]))::int AS unknown
         FROM outbox`,
      [Object.keys(JOBS)],
    );
    return { count: row.count, oldestSeconds: row.age ?? 0, unknownJobs: row.unknown };
  }
}

/**
 * The INSERT of outbox rows for these jobs, its parameters appended to `params` (numbered after the
 * ones already there), so a repository can write a change and its jobs in one atomic statement.
 */
export function outboxInsertSql(jobs: OutboxJob[], params: unknown[]): string {
  const rows = jobs.map((job) => {
    const definition = JOBS[job.name] as { queue: string; jobId(payload: unknown): string };
    params.push(definition.queue, job.name, definition.jobId(job.payload), JSON.stringify(job.payload), job.delayMs ?? 0);
    const p = params.length;
    return `($${p - 4}, $${p - 3}, $${p - 2}, $${p - 1}::jsonb, now() + $${p} * interval '1 millisecond')`;
  });
  return `INSERT INTO outbox (queue, job_name, job_id, payload, available_at) VALUES ${rows.join(', ')}`;
}
