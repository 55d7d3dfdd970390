/**
 * Whether an error means our own infrastructure (Postgres or Redis) is unreachable or refusing
 * work for a while, rather than anything about the job itself. Such a job is postponed without using
 * up an attempt, however long the outage lasts; any other error counts an attempt. Timeouts of a
 * running statement are not in this list on purpose: they can come from the job's own data, and
 * must end in `failed` after the attempts instead of being postponed for ever.
 */
export function isInfrastructureError(error: unknown): boolean {
  // TypeORM wraps pg's error as driverError; others chain it as cause.
  for (let cause = error, depth = 0; cause && depth < 5; cause = next(cause), depth++) {
    if (matches(cause)) return true;
  }
  return false;
}

function next(error: unknown): unknown {
  const { cause, driverError } = error as { cause?: unknown; driverError?: unknown };
  return cause ?? driverError;
}

/** Socket-level failures (Node's error codes) of any client. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Postgres SQLSTATEs of an unavailable server: class 08 (connection exception), 57P01..57P03
 * (shut down, crashed, starting up), 53xxx (out of connections, memory or disk), 58xxx (system error).
 */
function isUnavailableSqlState(code: string): boolean {
  return /^(08|53|58)/.test(code) || code === '57P01' || code === '57P02' || code === '57P03';
}

const MESSAGES = [
  // pg
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end/i,
  // ioredis
  /^Connection is closed/i,
  /Reached the max retries per request limit/i,
  /Stream isn't writeable and enableOfflineQueue options is false/i,
  /^CLUSTERDOWN|^TRYAGAIN|^LOADING|^MASTERDOWN|^READONLY/,
  /Failed to refresh slots cache/i,
  /None of startup nodes is available/i,
];

function matches(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, name } = error as { code?: unknown; message?: unknown; name?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code)))) return true;
  if (name === 'MaxRetriesPerRequestError') return true;
  if (typeof message === 'string') {
    if (MESSAGES.some((pattern) => pattern.test(message))) return true;
    if (/\b(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH)\b/.test(message)) return true;
  }
  // Node's AggregateError of a failed multi-address connect (IPv4 and IPv6 both refused).
  const errors = (error as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.length > 0 && errors.every(matches);
}
