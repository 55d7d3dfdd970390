import { createServer, type Server } from 'node:http';
import { metricsRegistry, processMetrics } from '../common/metrics-registry';
// The process-wide instruments (statements sent to Postgres) are the worker's figures too.
import './metrics';

/**
 * The worker process has no HTTP API; its job figures (durations, attempts, outcomes) are served here
 * for Prometheus, on their own port (with its webhook thread's). The API process serves the same registry at GET /metrics.
 */
export function serveMetrics(port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || !/^\/metrics(\?|$)/.test(request.url ?? '')) {
      response.writeHead(404).end();
      return;
    }
    processMetrics().then(
      (text) => response.writeHead(200, { 'Content-Type': metricsRegistry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
