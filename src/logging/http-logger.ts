import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { requestId } from './request-id';

/** Scrapes and probes arrive every few seconds and say nothing; their failures still show as metrics. */
const QUIET_PATHS = /^\/(health\/|metrics(\/|$|\?))/;

/** What nestjs-pino (`useExisting`) reads: the request's logger, bound to its id, for every line logged while it runs. */
type LoggedRequest = IncomingMessage & { id?: string; log?: Logger; originalUrl?: string };

/** The line's request fields; headers are left out: they carry API keys. */
function requestFields(request: LoggedRequest) {
  return { method: request.method, url: request.originalUrl || request.url, remoteAddress: request.socket?.remoteAddress };
}

function writeLine(log: Logger, request: LoggedRequest, response: ServerResponse, durationMs: number, error?: Error): void {
  const level = error || response.statusCode >= 500 ? 'error' : 'info';
  if (!log.isLevelEnabled(level)) return;
  // An answer that never got its headers out (the client went away) has no status yet.
  const res = { statusCode: response.headersSent ? response.statusCode : null };
  // A real fault is logged with its stack by HttpErrorFilter, under the same reqId.
  log[level]({ req: requestFields(request), res, durationMs }, `${request.method} ${request.url} ${response.statusCode}`);
}

/**
 * One line per HTTP request when it ends (method, url, status, time), and a `reqId` on it and on every
 * line logged while the request runs. The line's fields are read when it is written and only when its
 * level is enabled: pino-http bound them in a second child logger per request, which serialised the
 * request whether or not a line was ever written, and cost more than the rest of the logging.
 */
export function httpLogger(logger: Logger): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const raw = request as LoggedRequest;
    const started = Date.now();
    raw.id = requestId(request, response);
    const log = logger.child({ reqId: raw.id });
    raw.log = log;
    (response as ServerResponse & { log?: Logger }).log = log;
    const done = (error?: Error) => {
      response.off('finish', done);
      response.off('close', done);
      response.off('error', done);
      writeLine(log, raw, response, Date.now() - started, error);
    };
    // Probes and scrapes get no line (as before), unless their response stream itself fails.
    if (!QUIET_PATHS.test(request.url)) response.on('finish', done).on('close', done);
    response.on('error', done);
    next();
  };
}
