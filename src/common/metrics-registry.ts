import { AggregatorRegistry, collectDefaultMetrics, type MetricObjectWithValues, type MetricValue, Registry } from 'prom-client';

/**
 * One registry per process; api and worker expose their own figures. Here, below the features, so that
 * every module (queue, webhooks, metrics) registers its instruments without importing another feature.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'claimflow_' });

export type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];
const otherThreads = new Set<() => Promise<MetricsSnapshot>>();

/** Figures of another thread of this process (a worker's webhook thread), served with this registry's; returns its removal. */
export function addThreadMetrics(source: () => Promise<MetricsSnapshot>): () => void {
  otherThreads.add(source);
  return () => otherThreads.delete(source);
}

/** The process's figures as Prometheus text: this registry's, and summed with its other threads' where they have the same. */
export async function processMetrics(): Promise<string> {
  const threads = (await Promise.all([...otherThreads].map((source) => source()))).filter((snapshot) => snapshot.length > 0);
  if (threads.length === 0) return metricsRegistry.metrics();
  const shared = new Set(threads.flat().map(({ name }) => name));
  // A figure only this thread has is served as it is (an 'omit' aggregator would drop it, an average skew it).
  const own = (await metricsRegistry.getMetricsAsJSON()).map((metric) =>
    shared.has(metric.name) ? metric : { ...metric, aggregator: 'first' as const },
  );
  return AggregatorRegistry.aggregate([own, ...threads]).metrics();
}
