import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { InvalidTransitionError } from './invalid-transition.error';
import { TooManyRequestsException } from './too-many-requests.exception';

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
]);
const UNAVAILABLE_MESSAGES =
  /connection terminated|timeout exceeded when trying to connect|query read timeout|terminating connection|connection is closed|the database system is (starting|shutting) up|Connection ended unexpectedly|Driver not Connected/i;
/** Postgres errors that can only come from what the client sent (bad text encoding, value out of range, ...). */
const INPUT_CODES = new Set(['22P02', '22001', '22003', '22007', '22008', '22021', '22023', '22025', '2201B', '54000']);

interface ErrorLike {
  code?: string;
  message?: string;
  driverError?: ErrorLike;
  type?: string;
  status?: number;
  cause?: unknown;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  const candidate = error as ErrorLike | undefined;
  if (!candidate || typeof candidate !== 'object') return false;
  const inner = candidate.driverError ?? candidate;
  return UNAVAILABLE_CODES.has(String(inner.code)) || UNAVAILABLE_MESSAGES.test(String(inner.message ?? ''));
}

/** Every error leaves as `{ statusCode, message, error }`; only real faults are 500 (and logged). */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body, headers } = this.describe(exception);
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(status).json(body);
  }

  private describe(exception: unknown): { status: number; body: object; headers: Record<string, string> } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const body = typeof raw === 'string' ? { statusCode: status, message: raw } : { statusCode: status, ...raw };
      const headers: Record<string, string> =
        exception instanceof TooManyRequestsException
          ? { 'Retry-After': String(exception.retryAfterSeconds) }
          : status === 503
            ? { 'Retry-After': '5' }
            : {};
      return { status, body, headers };
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        body: { statusCode: 503, message: 'the database is unavailable; retry shortly', error: 'Service Unavailable' },
        headers: { 'Retry-After': '5' },
      };
    }
    const error = exception as ErrorLike;
    if (exception instanceof InvalidTransitionError) {
      return { status: 409, body: { statusCode: 409, message: exception.message, error: 'Conflict' }, headers: {} };
    }
    if (INPUT_CODES.has(String((error?.driverError ?? error)?.code))) {
      return { status: 400, body: { statusCode: 400, message: 'a value in the request is not valid', error: 'Bad Request' }, headers: {} };
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return { status: 500, body: { statusCode: 500, message: 'internal server error', error: 'Internal Server Error' }, headers: {} };
  }
}
