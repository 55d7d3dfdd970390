import { Counter } from 'prom-client';
import { addThreadMetrics, metricsRegistry, processMetrics } from '../common/metrics-registry';
import { ownMetrics } from './webhook-thread-messages';

describe("the webhook thread's figures on the process's /metrics", () => {
  const counter = new Counter({ name: 'claimflow_test_thread_total', help: 'test', labelNames: ['queue'], registers: [metricsRegistry] });
  afterAll(() => metricsRegistry.removeSingleMetric('claimflow_test_thread_total'));

  it('sums what both threads count, and keeps the process-wide figures once (the main thread’s)', async () => {
    counter.inc({ queue: 'extraction' }, 2);
    counter.inc({ queue: 'webhooks' }, 1);
    const thread = ownMetrics(await metricsRegistry.getMetricsAsJSON());
    expect(thread.some(({ name }) => name.startsWith('claimflow_process_') || name.startsWith('claimflow_nodejs_'))).toBe(false);
    const remove = addThreadMetrics(async () => thread.filter(({ name }) => name === 'claimflow_test_thread_total'));
    try {
      const text = await processMetrics();
      expect(text).toMatch(/^claimflow_test_thread_total\{queue="webhooks"\} 2$/m);
      expect(text).toMatch(/^claimflow_test_thread_total\{queue="extraction"\} 4$/m);
      expect(text.match(/^claimflow_process_cpu_user_seconds_total /gm)).toHaveLength(1);
      expect(text).toMatch(/^claimflow_process_start_time_seconds /m);
    } finally {
      remove();
    }
    expect(await processMetrics()).toMatch(/^claimflow_test_thread_total\{queue="webhooks"\} 1$/m);
  });

  it('serves the registry alone while no thread has figures (a thread starting, or none)', async () => {
    const remove = addThreadMetrics(async () => []);
    try {
      expect(await processMetrics()).toMatch(/^claimflow_test_thread_total\{queue="webhooks"\} 1$/m);
    } finally {
      remove();
    }
  });
});
