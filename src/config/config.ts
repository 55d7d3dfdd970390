import { parseRedisUrl } from './redis-url';

/** Configuration: read once from the environment, validated, frozen. Pure: no Nest imports. */
export interface AppConfig {
  nodeEnv: string;
  databaseUrl: string;
  redisUrl: string;
  port: number;
  adminApiKey: string;
  queuePrefix: string;
  checkworthyThreshold: number;
  reviewLeaseSeconds: number;
  /** How long an API process reuses API keys it has checked (see NotifiedCache); 0: never. */
  authCacheSeconds: number;
  webhookAllowPrivateNetworks: boolean;
  webhookRetryDelaysMs: number[];
  webhookTimeoutMs: number;
  webhookDisableAfterMs: number;
  extractionConcurrency: number;
  verificationConcurrency: number;
  webhookConcurrency: number;
  webhookEndpointConcurrency: number;
  outboxPollMs: number;
  leaseSweepMs: number;
  recoverySweepMs: number;
  recoverAfterMs: number;
  /** Stalled rows read per page by work recovery. */
  recoveryBatchSize: number;
  retention: RetentionConfig;
  jobAttempts: number;
  jobBackoffMs: number;
  jobLockMs: number;
  /** How often each queue is checked for jobs whose lock lapsed (a killed worker's): back within jobLockMs + this. */
  jobStalledCheckMs: number;
  googleFactCheckApiKey: string | null;
  googleFactCheckUrl: string;
  providerTimeoutMs: number;
  providerRetries: number;
  matchThreshold: number;
  logLevel: string;
}

/** How long finished bookkeeping is kept before the worker purges it (see docs/operations.md). */
export interface RetentionConfig {
  sweepMs: number;
  batchSize: number;
  webhookDeliveryHours: number;
  idempotencyKeyHours: number;
}

export class ConfigError extends Error {}

export const DEFAULT_ADMIN_API_KEY = 'dev-admin-key-change-me';
/** Svix-like schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about 28 h in all). */
export const DEFAULT_WEBHOOK_RETRY_DELAYS = '5000,300000,1800000,7200000,18000000,36000000,36000000';

type Env = Record<string, string | undefined>;

function read(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name, String(fallback));
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const raw = read(env, name, fallback);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return raw;
}

function redisUrl(env: Env, name: string, fallback: string): string {
  const raw = read(env, name, fallback);
  try {
    parseRedisUrl(raw);
  } catch (error) {
    throw new ConfigError(`${name} ${(error as Error).message}`);
  }
  return raw;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name, String(fallback)).toLowerCase();
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function fraction(env: Env, name: string, fallback: number): number {
  const raw = read(env, name, String(fallback));
  const value = Number(raw);
  if (!/^\d*\.?\d+$/.test(raw) || value < 0 || value > 1) throw new ConfigError(`${name} must be a number between 0 and 1, got "${raw}"`);
  return value;
}

export function parseDelays(name: string, raw: string): number[] {
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.length === 0 || parts.some((part) => !/^\d+$/.test(part))) {
    throw new ConfigError(`${name} must be a comma-separated list of delays in milliseconds, got "${raw}"`);
  }
  return parts.map(Number);
}

export function loadConfig(env: Env = process.env, defaultThreshold = 0.5): AppConfig {
  const nodeEnv = read(env, 'NODE_ENV', 'development');
  const adminApiKey = read(env, 'ADMIN_API_KEY', DEFAULT_ADMIN_API_KEY);
  if (adminApiKey.length < 16) throw new ConfigError('ADMIN_API_KEY must be at least 16 characters');
  if (nodeEnv === 'production' && adminApiKey === DEFAULT_ADMIN_API_KEY) {
    throw new ConfigError('ADMIN_API_KEY must be changed from its development default in production');
  }
  const threshold = Number(read(env, 'CHECKWORTHY_THRESHOLD', String(defaultThreshold)));
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new ConfigError(`CHECKWORTHY_THRESHOLD must be a number between 0 and 1, got "${env.CHECKWORTHY_THRESHOLD}"`);
  }
  const queuePrefix = read(env, 'QUEUE_PREFIX', '{claimflow}');
  if (queuePrefix.includes(':')) throw new ConfigError(`QUEUE_PREFIX must not contain ":", got "${queuePrefix}"`);
  const redis = redisUrl(env, 'REDIS_URL', 'redis://127.0.0.1:6379');
  if (parseRedisUrl(redis).kind === 'cluster' && !/\{[^}]+\}/.test(queuePrefix)) {
    throw new ConfigError(`QUEUE_PREFIX must contain a hash tag such as {claimflow} on a Redis Cluster, got "${queuePrefix}"`);
  }
  const googleKey = read(env, 'GOOGLE_FACTCHECK_API_KEY', '');
  const jobLockMs = integer(env, 'JOB_LOCK_MS', 15000, 500, 600000);
  // Unset: 5 s, or the lock itself when that is shorter.
  const jobStalledCheckMs = integer(env, 'JOB_STALLED_CHECK_MS', Math.min(5000, jobLockMs), 100, 600000);
  if (jobStalledCheckMs > jobLockMs) {
    throw new ConfigError(`JOB_STALLED_CHECK_MS must not exceed JOB_LOCK_MS (${jobLockMs}), got ${jobStalledCheckMs}`);
  }
  return Object.freeze({
    nodeEnv,
    databaseUrl: url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/claimflow', ['postgres:', 'postgresql:']),
    redisUrl: redis,
    port: integer(env, 'PORT', 3000, 0, 65535),
    adminApiKey,
    queuePrefix,
    checkworthyThreshold: threshold,
    reviewLeaseSeconds: integer(env, 'REVIEW_LEASE_SECONDS', 300, 1, 86400),
    authCacheSeconds: integer(env, 'AUTH_CACHE_SECONDS', 60, 0, 3600),
    webhookAllowPrivateNetworks: boolean(env, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS', false),
    webhookRetryDelaysMs: parseDelays('WEBHOOK_RETRY_DELAYS', read(env, 'WEBHOOK_RETRY_DELAYS', DEFAULT_WEBHOOK_RETRY_DELAYS)),
    webhookTimeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10000, 1, 60000),
    webhookDisableAfterMs: integer(env, 'WEBHOOK_DISABLE_AFTER_MS', 5 * 24 * 3600 * 1000, 1, 365 * 24 * 3600 * 1000),
    extractionConcurrency: integer(env, 'EXTRACTION_CONCURRENCY', 4, 1, 256),
    verificationConcurrency: integer(env, 'VERIFICATION_CONCURRENCY', 8, 1, 256),
    webhookConcurrency: integer(env, 'WEBHOOK_CONCURRENCY', 32, 1, 1024),
    webhookEndpointConcurrency: integer(env, 'WEBHOOK_ENDPOINT_CONCURRENCY', 4, 1, 1024),
    outboxPollMs: integer(env, 'OUTBOX_POLL_MS', 1000, 10, 60000),
    leaseSweepMs: integer(env, 'LEASE_SWEEP_MS', 1000, 50, 60000),
    recoverySweepMs: integer(env, 'RECOVERY_SWEEP_MS', 60000, 10, 3600000),
    recoverAfterMs: integer(env, 'RECOVER_AFTER_MS', 30 * 60 * 1000, 100, 7 * 24 * 3600 * 1000),
    recoveryBatchSize: integer(env, 'RECOVERY_BATCH_SIZE', 500, 1, 10000),
    retention: Object.freeze({
      sweepMs: integer(env, 'RETENTION_SWEEP_MS', 15 * 60 * 1000, 100, 24 * 3600 * 1000),
      batchSize: integer(env, 'RETENTION_BATCH_SIZE', 1000, 1, 100000),
      webhookDeliveryHours: integer(env, 'WEBHOOK_DELIVERY_RETENTION_HOURS', 30 * 24, 1, 10 * 365 * 24),
      // The API promises a key for at least 24 hours.
      idempotencyKeyHours: integer(env, 'IDEMPOTENCY_KEY_RETENTION_HOURS', 48, 24, 365 * 24),
    }),
    jobAttempts: integer(env, 'JOB_ATTEMPTS', 5, 1, 100),
    jobBackoffMs: integer(env, 'JOB_BACKOFF_MS', 1000, 1, 3600000),
    jobLockMs,
    jobStalledCheckMs,
    googleFactCheckApiKey: googleKey === '' ? null : googleKey,
    googleFactCheckUrl: url(env, 'GOOGLE_FACTCHECK_URL', 'https://factchecktools.googleapis.com/v1alpha1/claims:search', [
      'http:',
      'https:',
    ]),
    providerTimeoutMs: integer(env, 'PROVIDER_TIMEOUT_MS', 5000, 1, 60000),
    providerRetries: integer(env, 'PROVIDER_RETRIES', 1, 0, 5),
    matchThreshold: fraction(env, 'MATCH_THRESHOLD', 0.35),
    logLevel: read(env, 'LOG_LEVEL', 'log'),
  });
}
