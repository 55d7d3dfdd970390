import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { OutboxBacklog, OutboxRepository } from '../queue/outbox.repository';
import { metricsRegistry } from '../common/metrics-registry';
import { perScrape } from './per-scrape';

/** Outbox backlog as seen at scrape time: rows not yet relayed to Redis, the oldest one's age, rows of unknown jobs. */
@Injectable()
export class OutboxMetrics implements OnModuleInit {
  constructor(private readonly outbox: OutboxRepository) {}

  onModuleInit(): void {
    // A scrape collects the three gauges together: they share one read of the outbox.
    const read = perScrape(() => this.outbox.backlog());
    const gauges: [name: string, help: string, value: (backlog: OutboxBacklog) => number][] = [
      ['claimflow_outbox_backlog', 'Jobs committed in Postgres and not yet relayed to Redis', (backlog) => backlog.count],
      ['claimflow_outbox_oldest_seconds', 'Age of the oldest outbox row (0 when empty)', (backlog) => backlog.oldestSeconds],
      [
        'claimflow_outbox_unknown_jobs',
        'Outbox rows of jobs this version does not know (left for a worker that does; alert if it stays above 0)',
        (backlog) => backlog.unknownJobs,
      ],
    ];
    for (const [name, help, value] of gauges) {
      metricsRegistry.removeSingleMetric(name);
      new Gauge({
        name,
        help,
        registers: [metricsRegistry],
        async collect() {
          const backlog = await read();
          if (backlog) this.set(value(backlog));
        },
      });
    }
  }
}
