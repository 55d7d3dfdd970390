import type { NextFunction, Request, Response } from 'express';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function send(response: Response, status: number, message: string | string[], error: string): void {
  response.status(status).json({ statusCode: status, message, error });
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** 413 before anything else when the declared length is over the limit; 415 for a body that is not JSON. */
export function contentTypeGuard(request: Request, response: Response, next: NextFunction): void {
  if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
    return send(response, 413, `request body is larger than ${MAX_BODY_BYTES} bytes`, 'Payload Too Large');
  }
  if (hasBody(request) && !JSON_TYPE.test(request.headers['content-type'] ?? '')) {
    return send(response, 415, 'request body must be JSON (Content-Type: application/json)', 'Unsupported Media Type');
  }
  next();
}

/** Maps body-parser failures (too large, malformed JSON, bad charset) to JSON 4xx answers. */
export function bodyParserErrors(
  error: { type?: string; status?: number; message?: string },
  _request: Request,
  response: Response,
  next: NextFunction,
): void {
  if (!error) return next();
  if (error.type === 'entity.too.large')
    return send(response, 413, `request body is larger than ${MAX_BODY_BYTES} bytes`, 'Payload Too Large');
  if (error.type === 'entity.parse.failed') return send(response, 400, 'request body is not valid JSON', 'Bad Request');
  if (error.type === 'charset.unsupported' || error.type === 'encoding.unsupported')
    return send(response, 415, error.message ?? 'unsupported encoding', 'Unsupported Media Type');
  if (error.status && error.status >= 400 && error.status < 500)
    return send(response, error.status, error.message ?? 'bad request', 'Bad Request');
  next(error);
}

/** Paths of every string (or key) in a JSON value that contains a NUL character. */
export function pathsWithNul(value: unknown, path = 'body', found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => pathsWithNul(item, `${path}[${index}]`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) found.push(`${path} key`);
      pathsWithNul(item, `${path}.${key}`, found);
    }
  }
  return found;
}

export function nulGuard(request: Request, response: Response, next: NextFunction): void {
  const paths = request.body === undefined ? [] : pathsWithNul(request.body);
  if (paths.length > 0)
    return send(
      response,
      400,
      paths.map((path) => `${path} must not contain NUL characters`),
      'Bad Request',
    );
  next();
}
