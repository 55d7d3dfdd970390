import type { Server } from 'node:http';
import { type INestApplication, type LogLevel, type Type } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { requestPreflight } from '../common/body-guards';
import { HttpErrorFilter } from '../common/http-error.filter';
import { JsonBodyInterceptor } from '../common/json-body.interceptor';
import { StrictValidationPipe } from '../common/json-body.pipe';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { httpMetrics } from '../metrics/http-metrics.middleware';
import { RateLimitInterceptor } from '../rate-limits/rate-limit.interceptor';

export function logLevels(level: string): LogLevel[] {
  const order: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  const index = order.indexOf(level as LogLevel);
  return order.slice(0, index < 0 ? 4 : index + 1);
}

/** Pages that render HTML (the OpenAPI UI, the console) keep their own policy; JSON answers load nothing. */
const HTML_PAGES = /^\/(?:docs|console)(?:[/?-]|$)/;
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

function apiContentSecurityPolicy(request: Request, response: Response, next: NextFunction): void {
  if (!HTML_PAGES.test(request.path)) response.setHeader('Content-Security-Policy', API_CONTENT_SECURITY_POLICY);
  next();
}

/** Slow clients cannot hold a connection forever: headers, whole request and idle keep-alive are timed. */
function applyServerTimeouts(server: Server, config: AppConfig): void {
  server.requestTimeout = config.httpRequestTimeoutMs;
  server.headersTimeout = Math.min(config.httpHeadersTimeoutMs, config.httpRequestTimeoutMs);
  server.keepAliveTimeout = config.httpKeepAliveTimeoutMs;
}

/**
 * Builds the HTTP application. Order matters: cheap header checks (413 by declared length, 415) come
 * first, then the key is checked (AuthGuard), then the rate limit, and only then is the body read, at
 * the route's own limit (JsonBodyInterceptor). Error shape, validation, OpenAPI at /docs.
 */
export async function createHttpApp(module: Type<unknown>, logLevel = 'log'): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bodyParser: false,
    logger: logLevels(logLevel),
    abortOnError: false,
  });
  const config = app.get<AppConfig>(APP_CONFIG);
  app.disable('x-powered-by');
  app.set('etag', false); // an API of changing resources: hashing every response body costs CPU and serves no cache
  app.set('trust proxy', config.trustProxy);
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use(apiContentSecurityPolicy);
  app.use(httpMetrics);
  app.use(requestPreflight);
  app.useGlobalFilters(new HttpErrorFilter());
  app.useGlobalInterceptors(app.get(RateLimitInterceptor, { strict: false }), new JsonBodyInterceptor(app.get(Reflector)));
  app.useGlobalPipes(new StrictValidationPipe());
  applyServerTimeouts(app.getHttpServer(), config);
  setUpOpenApi(app);
  return app;
}

function setUpOpenApi(app: INestApplication): void {
  const document = new DocumentBuilder()
    .setTitle('claimflow API')
    .setDescription('Articles in, claims out, verification queued, reviewers, signed webhooks.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, document), { jsonDocumentUrl: 'docs-json' });
}
