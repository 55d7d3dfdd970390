import { type OutboxRepository } from '../queue/outbox.repository';
import { metricsRegistry } from '../common/metrics-registry';
import { OutboxMetrics } from './outbox-metrics';

describe('outbox metrics', () => {
  it('reads the outbox once per scrape for all three gauges', async () => {
    let reads = 0;
    const outbox = { backlog: async () => ((reads += 1), { count: 7, oldestSeconds: 2.5, unknownJobs: 1 }) } as unknown as OutboxRepository;
    new OutboxMetrics(outbox).onModuleInit();
    const text = await metricsRegistry.metrics();
    expect(reads).toBe(1);
    expect(text).toMatch(/^claimflow_outbox_backlog 7$/m);
    expect(text).toMatch(/^claimflow_outbox_oldest_seconds 2.5$/m);
    expect(text).toMatch(/^claimflow_outbox_unknown_jobs 1$/m);
    await metricsRegistry.metrics();
    expect(reads).toBe(2); // the next scrape reads again
  });
});
