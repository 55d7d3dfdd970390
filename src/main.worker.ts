import { appConfig } from './config/config.module';
import { WorkerModule } from './app/worker.module';
import { startApplicationContext } from './app/application-context';
import { exitOnConfigError } from './app/exit-on-config-error';
import { closeOnSignals } from './app/shutdown';
import { serveMetrics } from './metrics/metrics-server';
import { rootLogger } from './logging/root-logger';

async function main(): Promise<void> {
  const config = appConfig();
  const app = await startApplicationContext(WorkerModule);
  closeOnSignals(app);
  if (config.workerMetricsPort > 0) {
    // Figures are not worth the work: a port already taken is reported and the worker runs on.
    await serveMetrics(config.workerMetricsPort).then(
      (server) => process.once('SIGTERM', () => server.close()),
      (error: Error) => rootLogger(config).warn(`worker metrics not served on port ${config.workerMetricsPort}: ${error.message}`),
    );
  }
}

exitOnConfigError(main);
