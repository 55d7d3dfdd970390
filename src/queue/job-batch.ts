import { isInfrastructureError } from '../database/infrastructure-error';
import { JOBS, type BatchableJob, type JobPayloads } from './queue.registry';
import type { QueueDirectory } from './queue-directory';
import type { AppConfig } from '../config/config';

/**
 * Runs a batch: `together` for all items first (one transaction for the whole batch); if that fails
 * for any reason but an outage, `alone` for each item, so a bad item does not fail its batch-mates.
 * Returns the items that failed alone too. An outage (Postgres or Redis away) is thrown: the whole
 * batch is postponed and runs again later.
 */
export async function isolateFailures<T>(
  items: T[],
  together: (items: T[]) => Promise<void>,
  alone: (item: T) => Promise<void>,
): Promise<Array<{ item: T; error: Error }>> {
  try {
    await together(items);
    return [];
  } catch (error) {
    if (isInfrastructureError(error)) throw error;
    if (items.length === 1) return [{ item: items[0], error: error as Error }];
  }
  const failed: Array<{ item: T; error: Error }> = [];
  for (const item of items) {
    try {
      await alone(item);
    } catch (error) {
      if (isInfrastructureError(error)) throw error;
      failed.push({ item, error: error as Error });
    }
  }
  return failed;
}

/**
 * Jobs of a batch that failed, each enqueued as its own job (its usual id, attempts and backoff,
 * after the first backoff delay): it is retried alone and gives up alone.
 */
export async function retryAlone<K extends BatchableJob>(
  queues: QueueDirectory,
  config: AppConfig,
  name: K,
  payloads: JobPayloads[K][],
): Promise<void> {
  if (payloads.length === 0) return;
  const definition = JOBS[name];
  await queues.get(definition.queue).addBulk(
    payloads.map((payload) => ({
      name,
      data: payload,
      opts: { ...definition.options(config), jobId: definition.jobId(payload), delay: config.jobBackoffMs },
    })),
  );
}
