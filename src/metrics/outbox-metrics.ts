import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { TransactionHost } from '../database/transaction-host';
import { metricsRegistry } from './metrics';

/** Outbox backlog as seen at scrape time: rows not yet relayed to Redis, and the oldest one's age. */
@Injectable()
export class OutboxMetrics implements OnModuleInit {
  constructor(private readonly tx: TransactionHost) {}

  onModuleInit(): void {
    const read = () =>
      this.tx
        .query<{ count: number; age: number | null }>(
          `SELECT count(*)::int AS count, extract(epoch FROM now() - min(created_at))::float AS age FROM outbox`,
        )
        .then(([row]) => row)
        .catch(() => null);
    metricsRegistry.removeSingleMetric('claimflow_outbox_backlog');
    metricsRegistry.removeSingleMetric('claimflow_outbox_oldest_seconds');
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
        if (row) this.set(row.age ?? 0);
      },
    });
  }
}
