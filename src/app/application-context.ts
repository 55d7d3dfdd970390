import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { appConfig } from '../config/config.module';
import { useStructuredLogs } from '../logging/use-structured-logs';
import { logLevels } from './http-app';

/** A Nest application without HTTP (the worker, its webhook thread), logging as the API does, initialised. */
export async function startApplicationContext(module: object): Promise<INestApplicationContext> {
  const config = appConfig();
  const app = await NestFactory.createApplicationContext(module, {
    logger: logLevels(config.logLevel),
    bufferLogs: true,
    abortOnError: false,
  });
  useStructuredLogs(app);
  await app.init();
  return app;
}
