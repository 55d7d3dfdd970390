import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { requestId } from './request-id';

interface SerializedRequest {
  method: string;
  url: string;
  remoteAddress?: string;
}

/** Scrapes and probes arrive every few seconds and say nothing; their failures still show as metrics. */
const QUIET_PATHS = /^\/(health\/|metrics(\/|$|\?))/;

/**
 * One line per HTTP request when it ends (method, route, status, time), and a `reqId` on it and on
 * every line logged while the request runs. Headers are left out: they carry API keys.
 */
export function httpLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: requestId,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'reqId', responseTime: 'durationMs' },
    autoLogging: { ignore: (request) => QUIET_PATHS.test(request.url ?? '') },
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (request, response) => `${request.method} ${request.url} ${response.statusCode}`,
    customErrorMessage: (request, response) => `${request.method} ${request.url} ${response.statusCode}`,
    // pino-http attaches a made-up "failed with status code 5xx" error with its own stack; a real fault
    // is logged with its stack by HttpErrorFilter, under the same reqId.
    customErrorObject: (_request, _response, _error, line: Record<string, unknown>) => ({ ...line, err: undefined }),
    serializers: {
      // pino-http hands these its standard serialisation of the request and response.
      req: (request: SerializedRequest) => ({ method: request.method, url: request.url, remoteAddress: request.remoteAddress }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
  });
}
