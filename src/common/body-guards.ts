import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { MAX_BODY_BYTES } from './body-limit';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
/** How long a refused request may go on sending the rest of its body (read and dropped) before its connection is closed. */
const DISCARD_GRACE_MS = 10_000;

export function sendError(response: Response, status: number, message: string | string[], error: string): void {
  response.status(status).json({ statusCode: status, message, error });
}

export function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function declaredLength(request: IncomingMessage): number {
  return Number(request.headers['content-length'] ?? 0);
}

export function tooLargeMessage(limit: number): string {
  return `request body is larger than ${limit} bytes`;
}

/**
 * Reads and drops what a refused request still sends, so the client can finish writing and read the
 * answer (closing a socket with unread data makes the kernel reset the connection, and the client may
 * see the reset instead of the 413). A client still sending after DISCARD_GRACE_MS is cut off.
 */
export function discardRequestBody(request: IncomingMessage): void {
  if (request.readableEnded || request.destroyed) return;
  const timer = setTimeout(() => request.socket.destroy(), DISCARD_GRACE_MS);
  timer.unref();
  const done = () => clearTimeout(timer);
  request.once('end', done);
  request.once('close', done);
  request.removeAllListeners('data');
  request.on('data', () => undefined);
  request.resume();
}

/**
 * Checks that need no body and no key, before anything else: 413 when the declared length is over the
 * largest limit, 415 for compressed bodies (never inflated: a small gzip body can expand a thousandfold)
 * and for bodies that are not JSON. The body itself is read later, after authentication, at the
 * route's own limit (JsonBodyGuard).
 */
export function requestPreflight(request: Request, response: Response, next: NextFunction): void {
  if (!hasBody(request)) return next();
  let refusal: [number, string, string] | null = null;
  if (declaredLength(request) > MAX_BODY_BYTES) refusal = [413, tooLargeMessage(MAX_BODY_BYTES), 'Payload Too Large'];
  else if (!/^\s*(?:identity\s*)?$/i.test(request.headers['content-encoding'] ?? '')) {
    refusal = [415, 'compressed request bodies are not accepted (send it without Content-Encoding)', 'Unsupported Media Type'];
  } else if (!JSON_TYPE.test(request.headers['content-type'] ?? '')) {
    refusal = [415, 'request body must be JSON (Content-Type: application/json)', 'Unsupported Media Type'];
  }
  if (!refusal) return next();
  discardRequestBody(request);
  sendError(response, ...refusal);
}
