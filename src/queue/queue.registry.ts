import type { JobsOptions } from 'bullmq';
import type { AppConfig, WorkerQueue } from '../config/config';

/**
 * Every queue, job name, payload type and job option of the product, declared once.
 * Jobs carry ids only: Postgres holds the truth and every handler reloads its rows.
 */
export const QUEUE = {
  extraction: 'extraction',
  verification: 'verification',
  webhooks: 'webhooks',
} as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];
/** WORKER_QUEUES (config) names exactly these queues: either list growing alone fails to compile. */
type SameNames<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const workerQueuesMatch: SameNames<QueueName, WorkerQueue> = true;
void workerQueuesMatch;

/**
 * How each queue's Worker runs, read from the validated config when the Worker is built (the
 * options are given to BullMQ at construction: queue-workers.service.ts). Its jobs' handlers are
 * the queue's JobProcessor, in its feature folder (this lower layer names no feature).
 */
export interface WorkerDefinition {
  /** Jobs one worker process runs at once on this queue. */
  concurrency(config: AppConfig): number;
  /** A running job's lock, renewed every half of it; a killed worker's jobs are back after it lapses. */
  lockMs(config: AppConfig): number;
  /** How often each worker process looks for jobs whose lock lapsed, on its own timer per queue. */
  stalledCheckMs(config: AppConfig): number;
  /** Times a job may stall (its worker killed, or its lock lost) before BullMQ fails it; handlers are idempotent. */
  maxStalledCount: number;
}

const crashTimings = {
  lockMs: (config: AppConfig) => config.jobLockMs,
  stalledCheckMs: (config: AppConfig) => config.jobStalledCheckMs,
};

export const WORKERS: { [Q in QueueName]: WorkerDefinition } = {
  [QUEUE.extraction]: { concurrency: (config) => config.extractionConcurrency, ...crashTimings, maxStalledCount: 5 },
  [QUEUE.verification]: { concurrency: (config) => config.verificationConcurrency, ...crashTimings, maxStalledCount: 5 },
  [QUEUE.webhooks]: { concurrency: (config) => config.webhookConcurrency, ...crashTimings, maxStalledCount: 10 },
};

export interface JobPayloads {
  'extract-article': { articleId: string };
  'verify-claim': { claimId: string; version: number };
  /** Every check-worthy claim of a freshly extracted article, verified as one batch. */
  'verify-claims': { articleId: string; claimIds: string[] };
  /** Several due 'extract-article' jobs, grouped by the outbox relay when the queue has a backlog. */
  'extract-articles': { jobs: Array<{ articleId: string }> };
  /** Several articles' 'verify-claims' jobs as one (an extraction batch writes one). */
  'verify-claims-batch': { jobs: Array<{ articleId: string; claimIds: string[] }> };
  'deliver-webhook': { deliveryId: string; round: number };
  /** Deliveries to one endpoint (rounds[i] is deliveryIds[i]'s round), sent by one job that also drains the endpoint's backlog. */
  'deliver-webhooks': { endpointId: string; deliveryIds: string[]; rounds: number[] };
  /** Wakes the endpoint's drain; wakeId names the wake-up (the first delivery of the transaction, or a fresh id). See docs/webhooks.md. */
  'drain-webhook-endpoint': { endpointId: string; wakeId: string };
  /** Several wake-ups as one job (relayed from a backlog): each endpoint drained once, side by side. */
  'drain-webhook-endpoints': { jobs: Array<{ endpointId: string; wakeId: string }> };
}
export type JobName = keyof JobPayloads;

export interface JobDefinition<K extends JobName> {
  queue: QueueName;
  /** Derived from the row the job is about, so a relay replay never processes the same work twice. */
  jobId(payload: JobPayloads[K]): string;
  options(config: AppConfig): JobsOptions;
}

const retained = { removeOnComplete: { age: 24 * 3600, count: 100_000 }, removeOnFail: { age: 7 * 24 * 3600 } };

export const JOBS: { [K in JobName]: JobDefinition<K> } = {
  'extract-article': {
    queue: QUEUE.extraction,
    jobId: ({ articleId }) => `article-${articleId}`,
    options: (config) => ({ ...retained, attempts: config.jobAttempts, backoff: { type: 'exponential', delay: config.jobBackoffMs } }),
  },
  'verify-claim': {
    queue: QUEUE.verification,
    jobId: ({ claimId, version }) => `claim-${claimId}-v${version}`,
    options: (config) => ({ ...retained, attempts: config.jobAttempts, backoff: { type: 'exponential', delay: config.jobBackoffMs } }),
  },
  'verify-claims': {
    queue: QUEUE.verification,
    jobId: ({ articleId }) => `article-${articleId}-claims`,
    options: (config) => ({ ...retained, attempts: config.jobAttempts, backoff: { type: 'exponential', delay: config.jobBackoffMs } }),
  },
  'extract-articles': {
    queue: QUEUE.extraction,
    jobId: ({ jobs }) => batchJobId(JOBS['extract-article'].jobId(jobs[0]), jobs.length),
    options: (config) => ({ ...retained, attempts: config.jobAttempts, backoff: { type: 'exponential', delay: config.jobBackoffMs } }),
  },
  'verify-claims-batch': {
    queue: QUEUE.verification,
    jobId: ({ jobs }) => batchJobId(JOBS['verify-claims'].jobId(jobs[0]), jobs.length),
    options: (config) => ({ ...retained, attempts: config.jobAttempts, backoff: { type: 'exponential', delay: config.jobBackoffMs } }),
  },
  'deliver-webhook': {
    queue: QUEUE.webhooks,
    jobId: ({ deliveryId, round }) => `delivery-${deliveryId}-r${round}`,
    // Retries follow WEBHOOK_RETRY_DELAYS through the 'webhook' backoff strategy of the processor.
    options: (config) => ({ ...retained, attempts: config.webhookRetryDelaysMs.length + 1, backoff: { type: 'webhook' } }),
  },
  'deliver-webhooks': {
    queue: QUEUE.webhooks,
    // A delivery is in one batch per round, so its first delivery names the batch.
    jobId: ({ deliveryIds, rounds }) => `deliveries-${deliveryIds[0]}-r${rounds[0]}`,
    // Failed deliveries of a batch continue as 'deliver-webhook' jobs; these attempts only cover a handler that throws.
    options: () => ({ ...retained, attempts: 10, backoff: { type: 'webhook' } }),
  },
  'drain-webhook-endpoint': {
    queue: QUEUE.webhooks,
    jobId: ({ endpointId, wakeId }) => `drain-${endpointId}-${wakeId}`,
    options: () => ({ ...retained, attempts: 10, backoff: { type: 'webhook' } }),
  },
  'drain-webhook-endpoints': {
    queue: QUEUE.webhooks,
    jobId: ({ jobs }) => batchJobId(JOBS['drain-webhook-endpoint'].jobId(jobs[0]), jobs.length),
    options: () => ({ ...retained, attempts: 10, backoff: { type: 'webhook' } }),
  },
};

/**
 * Jobs that run as one job carrying several (a batch: one transaction and a handful of statements
 * for all of them), and the job name of their batch. A batch runs each of its jobs once; one that
 * fails is retried alone, as its own job, so it never fails its batch-mates.
 */
export const BATCHED_AS = {
  'extract-article': 'extract-articles',
  'verify-claims': 'verify-claims-batch',
  'drain-webhook-endpoint': 'drain-webhook-endpoints',
} as const;
export type BatchableJob = keyof typeof BATCHED_AS;

export function isBatchable(name: JobName): name is BatchableJob {
  return name in BATCHED_AS;
}

/** A batch is named by its first job and its size; a job belongs to one batch (it is relayed once). */
function batchJobId(firstJobId: string, size: number): string {
  return `${firstJobId}-batch${size}`;
}

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export function jobsOfQueue(queue: QueueName): JobName[] {
  return JOB_NAMES.filter((name) => JOBS[name].queue === queue);
}
