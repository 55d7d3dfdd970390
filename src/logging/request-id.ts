import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
/** A caller's id is kept when it is 1..128 visible ASCII characters (a UUID, a trace id, a load balancer's id). */
const ACCEPTED_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * The request's id: the caller's `X-Request-Id` when it is usable, a fresh UUID otherwise. It is echoed
 * in the response header, so a client's report can be matched to the server's log lines.
 */
export function requestId(request: IncomingMessage, response: ServerResponse): string {
  const offered = request.headers[REQUEST_ID_HEADER];
  const id = typeof offered === 'string' && ACCEPTED_REQUEST_ID.test(offered) ? offered : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}
