import type { AppConfig } from '../config/config';
import { QUEUE, type QueueName } from './queue.registry';

/** Which queues a worker process runs on its main event loop, and whether webhooks get a thread of their own. */
export interface WorkerLayout {
  mainLoop: readonly QueueName[];
  webhookThread: boolean;
}

/**
 * Webhook delivery moves to a thread only when this process also runs pipeline queues: a process of
 * WORKER_QUEUES=webhooks already has its loop to itself, and one without webhooks has nothing to move.
 */
export function workerLayout(config: Pick<AppConfig, 'workerQueues' | 'webhookDeliveryThread'>): WorkerLayout {
  const queues: readonly QueueName[] = config.workerQueues;
  const webhookThread = config.webhookDeliveryThread && queues.includes(QUEUE.webhooks) && queues.length > 1;
  return { mainLoop: webhookThread ? queues.filter((queue) => queue !== QUEUE.webhooks) : queues, webhookThread };
}
