import { type LogLevel, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { bodyParserErrors, contentTypeGuard, MAX_BODY_BYTES, nulGuard } from '../common/body-guards';
import { HttpErrorFilter } from '../common/http-error.filter';
import { StrictValidationPipe } from '../common/json-body.pipe';
import { httpMetrics } from '../metrics/http-metrics.middleware';
import { setUpOpenApi } from './openapi';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { httpLogger } from '../logging/http-logger';
import { useStructuredLogs } from '../logging/use-structured-logs';
import { rootLogger } from '../logging/root-logger';

/** Nest's enabled levels for LOG_LEVEL (pino's names too: info = log, trace = verbose, silent = none). */
export function logLevels(level: string): LogLevel[] {
  if (level === 'silent') return [];
  const order: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  const nestName = ({ info: 'log', trace: 'verbose' } as Record<string, LogLevel>)[level] ?? level;
  const index = order.indexOf(nestName);
  return order.slice(0, index < 0 ? 4 : index + 1);
}

/** Builds the HTTP application: request logs and ids, body limits, error shape, validation, OpenAPI at /docs. */
export async function createHttpApp(module: Type<unknown>, logLevel = 'log'): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bodyParser: false,
    logger: logLevels(logLevel),
    bufferLogs: true,
    abortOnError: false,
  });
  useStructuredLogs(app);
  // First, so that a request refused by the body guards below has its log line and request id too.
  app.use(httpLogger(rootLogger(app.get<AppConfig>(APP_CONFIG))));
  app.disable('x-powered-by');
  app.set('etag', false); // an API of changing resources: hashing every response body costs CPU and serves no cache
  app.set('trust proxy', true);
  app.use(httpMetrics);
  app.use(contentTypeGuard);
  app.useBodyParser('json', { limit: MAX_BODY_BYTES, type: ['application/json', 'application/*+json'] });
  app.use(bodyParserErrors);
  app.use(nulGuard);
  app.useGlobalFilters(new HttpErrorFilter());
  app.useGlobalPipes(new StrictValidationPipe());
  setUpOpenApi(app);
  return app;
}
