import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per process; api and worker expose their own figures. Here, below the features, so that
 * every module (queue, webhooks, metrics) registers its instruments without importing another feature.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'claimflow_' });
