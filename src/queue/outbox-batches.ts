import { BATCHED_AS, isBatchable, JOBS, type JobName, type JobPayloads } from './queue.registry';
import type { OutboxRow } from './outbox.repository';

/** A BullMQ job made of one or more outbox rows. */
export interface RelayedJob {
  queue: string;
  name: JobName;
  data: unknown;
  jobId: string;
  rowIds: string[];
}

export interface BatchRules {
  /** Jobs per batch; 1 relays every row as its own job. */
  batchSize: number;
  /** How long a row waits for batch-mates while its queue has a backlog. */
  holdMs: number;
  /** Whether jobs are waiting in this queue (then holding a row delays nothing). */
  backlogged: (queue: string) => boolean;
}

/**
 * The jobs to enqueue for these due rows (in id order): rows of a batchable job go in batches of up
 * to `batchSize`; a last, partial batch whose queue has a backlog waits (held, left in the outbox)
 * for more rows until its oldest row has been due `holdMs`. A batch of one is the plain job. Pure.
 */
export function groupForRelay(rows: OutboxRow[], rules: BatchRules): { jobs: RelayedJob[]; held: OutboxRow[] } {
  const jobs: RelayedJob[] = [];
  const held: OutboxRow[] = [];
  const batchable = new Map<JobName, OutboxRow[]>();
  for (const row of rows) {
    if (rules.batchSize > 1 && isBatchable(row.job_name)) batchable.set(row.job_name, [...(batchable.get(row.job_name) ?? []), row]);
    else jobs.push({ queue: row.queue, name: row.job_name, data: row.payload, jobId: row.job_id, rowIds: [row.id] });
  }
  for (const [name, list] of batchable) {
    for (let start = 0; start < list.length; start += rules.batchSize) {
      const chunk = list.slice(start, start + rules.batchSize);
      const partial = chunk.length < rules.batchSize;
      if (partial && rules.backlogged(chunk[0].queue) && Math.max(...chunk.map((row) => row.due_ms)) < rules.holdMs) {
        held.push(...chunk);
      } else if (chunk.length === 1) {
        jobs.push({ queue: chunk[0].queue, name, data: chunk[0].payload, jobId: chunk[0].job_id, rowIds: [chunk[0].id] });
      } else {
        const batchName = BATCHED_AS[name as keyof typeof BATCHED_AS];
        const data = { jobs: chunk.map((row) => row.payload) } as JobPayloads[typeof batchName];
        jobs.push({
          queue: chunk[0].queue,
          name: batchName,
          data,
          jobId: (JOBS[batchName].jobId as (payload: typeof data) => string)(data),
          rowIds: chunk.map((row) => row.id),
        });
      }
    }
  }
  return { jobs, held };
}
