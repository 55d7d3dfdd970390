import { NestFactory } from '@nestjs/core';
import { appConfig } from './config/config.module';
import { WorkerModule } from './app/worker.module';
import { logLevels } from './app/http-app';
import { exitOnConfigError } from './app/exit-on-config-error';
import { closeOnSignals } from './app/shutdown';

async function main(): Promise<void> {
  const config = appConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: logLevels(config.logLevel), abortOnError: false });
  await app.init();
  closeOnSignals(app);
}

exitOnConfigError(main);
