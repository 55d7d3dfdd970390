import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '../common/metrics-registry';

/** How a run of a job ended: done, failed (retried or not), or put back without using an attempt. */
export type JobOutcome = 'completed' | 'failed' | 'postponed';

const jobsProcessed = new Counter({
  name: 'claimflow_jobs_total',
  help: 'Queue jobs processed by queue, job name and outcome',
  labelNames: ['queue', 'job', 'outcome'],
  registers: [metricsRegistry],
});

const jobDuration = new Histogram({
  name: 'claimflow_job_duration_seconds',
  help: 'Time a worker spent on one run of a job, by queue, job name and outcome',
  labelNames: ['queue', 'job', 'outcome'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
});

const jobAttempts = new Histogram({
  name: 'claimflow_job_attempts',
  help: 'Attempts a job took until it completed or failed for good, by queue and job name',
  labelNames: ['queue', 'job', 'outcome'],
  buckets: [1, 2, 3, 4, 5, 8, 13, 21],
  registers: [metricsRegistry],
});

export function recordJobRun(queue: string, job: string, outcome: JobOutcome, seconds: number): void {
  jobDuration.observe({ queue, job, outcome }, seconds);
  jobsProcessed.inc({ queue, job, outcome });
}

/** Once per job, when it leaves the queue's hands: completed, or failed with no attempt left. */
export function recordJobSettled(queue: string, job: string, outcome: 'completed' | 'failed', attempts: number): void {
  jobAttempts.observe({ queue, job, outcome }, attempts);
}
