import type { MetricsSnapshot } from '../common/metrics-registry';

/** What the worker's main thread and its webhook thread tell each other (structured-cloned by postMessage). */
export type ToThread = { type: 'close' } | { type: 'metrics'; id: number };
export type FromThread = { type: 'ready' } | { type: 'metrics'; id: number; metrics: ThreadMetrics };
export type ThreadMetrics = MetricsSnapshot;

/**
 * The thread's own figures, without the process-wide defaults (CPU, RSS, handles) the main thread
 * already reports and that summing would double; its event-loop and heap figures are left out too.
 */
export function ownMetrics(metrics: ThreadMetrics, prefix = 'claimflow_'): ThreadMetrics {
  return metrics.filter(({ name }) => !name.startsWith(`${prefix}process_`) && !name.startsWith(`${prefix}nodejs_`));
}
