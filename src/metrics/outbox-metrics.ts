import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { OutboxRepository } from '../queue/outbox.repository';
import { metricsRegistry } from './metrics';

/** Outbox backlog as seen at scrape time: rows not yet relayed to Redis, and the oldest one's age. */
@Injectable()
export class OutboxMetrics implements OnModuleInit {
  constructor(private readonly outbox: OutboxRepository) {}

  onModuleInit(): void {
    const read = () => this.outbox.backlog().catch(() => null);
    metricsRegistry.removeSingleMetric('claimflow_outbox_backlog');
    metricsRegistry.removeSingleMetric('claimflow_outbox_oldest_seconds');
    metricsRegistry.removeSingleMetric('claimflow_outbox_unknown_jobs');
    new Gauge({
      name: 'claimflow_outbox_backlog',
      help: 'Jobs committed in Postgres and not yet relayed to Redis',
      registers: [metricsRegistry],
      async collect() {
        const row = await read();
        if (row) this.set(row.count);
      },
    });
    new Gauge({
      name: 'claimflow_outbox_oldest_seconds',
      help: 'Age of the oldest outbox row (0 when empty)',
      registers: [metricsRegistry],
      async collect() {
        const row = await read();
        if (row) this.set(row.oldestSeconds);
      },
    });
    new Gauge({
      name: 'claimflow_outbox_unknown_jobs',
      help: 'Outbox rows of jobs this version does not know (left for a worker that does; alert if it stays above 0)',
      registers: [metricsRegistry],
      async collect() {
        const row = await read();
        if (row) this.set(row.unknownJobs);
      },
    });
  }
}
