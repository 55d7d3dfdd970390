import { hostname } from 'node:os';
import type { BackoffStrategy, ConnectionOptions, WorkerOptions } from 'bullmq';
import type { AppConfig } from '../config/config';
import { type QueueName, WORKERS } from './queue.registry';

/**
 * The BullMQ options of a queue's Worker, all given when it is built (BullMQ copies the lock
 * timings into its lock manager then). With the defaults (15 s lock, 5 s check) a killed worker's
 * jobs are back in their queue within 20 s instead of BullMQ's own minute (docs/operations.md).
 */
export function workerOptions(
  queue: QueueName,
  config: AppConfig,
  connection: ConnectionOptions,
  backoffStrategy?: BackoffStrategy,
): WorkerOptions {
  const worker = WORKERS[queue];
  const lockMs = worker.lockMs(config);
  return {
    connection,
    prefix: config.queuePrefix,
    // Started once every module is ready and its error listener is attached.
    autorun: false,
    concurrency: worker.concurrency(config),
    lockDuration: lockMs,
    lockRenewTime: lockMs / 2,
    stalledInterval: worker.stalledCheckMs(config),
    maxStalledCount: worker.maxStalledCount,
    // Shown as a job's processedBy: which process ran (or holds) it.
    name: `${hostname()}:${process.pid}`,
    ...(backoffStrategy && { settings: { backoffStrategy } }),
  };
}
