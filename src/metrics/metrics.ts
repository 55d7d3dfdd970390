import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from '../common/metrics-registry';
import { statementsSentTotal } from '../database/transaction-host';

new Gauge({
  name: 'claimflow_db_statements_total',
  help: 'Statements this process sent to Postgres, BEGIN and COMMIT included (a counter: it only grows)',
  registers: [metricsRegistry],
  collect() {
    this.set(statementsSentTotal());
  },
});

export const httpRequests = new Counter({
  name: 'claimflow_http_requests_total',
  help: 'HTTP requests by method, route and status code',
  labelNames: ['method', 'route', 'status'],
  registers: [metricsRegistry],
});

export const httpDuration = new Histogram({
  name: 'claimflow_http_request_duration_seconds',
  help: 'HTTP request duration by method and route',
  labelNames: ['method', 'route'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});
