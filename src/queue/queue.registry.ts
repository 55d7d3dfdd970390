import type { JobsOptions } from 'bullmq';
import type { AppConfig } from '../config/config';

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

export interface JobPayloads {
  'extract-article': { articleId: string };
  'verify-claim': { claimId: string; version: number };
  /** Every check-worthy claim of a freshly extracted article, verified as one batch. */
  'verify-claims': { articleId: string; claimIds: string[] };
  'deliver-webhook': { deliveryId: string; round: number };
  /** Deliveries to one endpoint (rounds[i] is deliveryIds[i]'s round), sent by one job that also drains the endpoint's backlog. */
  'deliver-webhooks': { endpointId: string; deliveryIds: string[]; rounds: number[] };
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
};

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export function jobsOfQueue(queue: QueueName): JobName[] {
  return JOB_NAMES.filter((name) => JOBS[name].queue === queue);
}
