import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type LogLevel, type Type } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { requestPreflight } from '../common/body-guards';
import { HttpErrorFilter } from '../common/http-error.filter';
import { JsonBodyGuard } from '../common/json-body.guard';
import { StrictValidationPipe } from '../common/json-body.pipe';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { httpMetrics } from '../metrics/http-metrics.middleware';
import { RateLimitGuard } from '../rate-limits/rate-limit.guard';
import { setUpOpenApi } from './openapi';
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

/** Pages that render HTML (the OpenAPI UI, the console) keep their own policy; JSON answers load nothing. */
const HTML_PAGES = /^\/(?:docs|console)(?:[/?-]|$)/;
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * helmet's headers (without its content security policy) and the API's policy in one middleware. helmet's
 * answer is the same for every request, so it is asked once, at start, on a recording response: per
 * request it ran a dozen middlewares of one header each.
 */
function securityHeaders(): RequestHandler {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => set.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
  };
  helmet({ contentSecurityPolicy: false })({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return (request: Request, response: Response, next: NextFunction) => {
    for (const [name, value] of set) response.setHeader(name, value);
    for (const name of removed) response.removeHeader(name);
    if (!HTML_PAGES.test(request.path)) response.setHeader('Content-Security-Policy', API_CONTENT_SECURITY_POLICY);
    next();
  };
}

/** Slow clients cannot hold a connection forever: headers, whole request and idle keep-alive are timed. */
function applyServerTimeouts(server: Server, config: AppConfig): void {
  server.requestTimeout = config.httpRequestTimeoutMs;
  server.headersTimeout = Math.min(config.httpHeadersTimeoutMs, config.httpRequestTimeoutMs);
  server.keepAliveTimeout = config.httpKeepAliveTimeoutMs;
}

/**
 * Builds the HTTP application. Order matters: cheap header checks (413 by declared length, 415) come
 * first, then the key is checked (AuthGuard), then the rate limit (RateLimitGuard), and only then is the
 * body read, at the route's own limit (JsonBodyGuard). Request logs and ids, error shape, validation, OpenAPI at /docs.
 */
export async function createHttpApp(module: Type<unknown>, logLevel = 'log'): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bodyParser: false,
    logger: logLevels(logLevel),
    bufferLogs: true,
    abortOnError: false,
  });
  const config = app.get<AppConfig>(APP_CONFIG);
  useStructuredLogs(app);
  // First, so that a request refused by the guards below has its log line and request id too.
  app.use(httpLogger(rootLogger(config)));
  app.disable('x-powered-by');
  app.set('etag', false); // an API of changing resources: hashing every response body costs CPU and serves no cache
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  app.use(httpMetrics);
  app.use(requestPreflight);
  app.useGlobalFilters(new HttpErrorFilter());
  // After AuthGuard (an APP_GUARD, installed when the application was created), in this order.
  app.useGlobalGuards(app.get(RateLimitGuard, { strict: false }), new JsonBodyGuard(app.get(Reflector)));
  app.useGlobalPipes(new StrictValidationPipe());
  applyServerTimeouts(app.getHttpServer(), config);
  setUpOpenApi(app);
  return app;
}
