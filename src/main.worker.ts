import { NestFactory } from '@nestjs/core';
import { appConfig } from './config/config.module';
import { WorkerModule } from './app/worker.module';
import { logLevels } from './app/http-app';
import { exitOnConfigError } from './app/exit-on-config-error';
import { closeOnSignals } from './app/shutdown';
import { useStructuredLogs } from './logging/use-structured-logs';
import { serveMetrics } from './metrics/metrics-server';

async function main(): Promise<void> {
  const config = appConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: logLevels(config.logLevel),
    bufferLogs: true,
    abortOnError: false,
  });
  useStructuredLogs(app);
  await app.init();
  if (config.workerMetricsPort > 0) {
    const server = await serveMetrics(config.workerMetricsPort);
    process.once('SIGTERM', () => server.close());
    process.once('SIGINT', () => server.close());
  }
  closeOnSignals(app);
}

exitOnConfigError(main);
