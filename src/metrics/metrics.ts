import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { statementsSentTotal } from '../database/transaction-host';

/** One registry per process; api and worker expose their own figures. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'claimflow_' });

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

export const jobsProcessed = new Counter({
  name: 'claimflow_jobs_total',
  help: 'Queue jobs processed by queue, job name and outcome',
  labelNames: ['queue', 'job', 'outcome'],
  registers: [metricsRegistry],
});
