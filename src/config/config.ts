import { availableParallelism } from 'node:os';
import { parseRedisUrl } from './redis-url';

/** Configuration: read once from the environment, validated, frozen. Pure: no Nest imports. */
import { KeyRingError, parseKeyRing, type SecretKeyRing } from './secret-key-ring';
import { MATCHING_MODEL } from '../text/matching';

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
  /** WEBHOOK_SECRET_KEYS: seals endpoint secrets at rest (first key seals, any key opens). */
  webhookSecretKeys: SecretKeyRing;
  extractionConcurrency: number;
  verificationConcurrency: number;
  webhookConcurrency: number;
  /** The queues this worker process consumes (WORKER_QUEUES; all by default): run webhook delivery in processes of its own. */
  workerQueues: readonly WorkerQueue[];
  /**
   * WEBHOOK_DELIVERY_THREAD: a worker consuming webhooks and other queues delivers on a worker thread of
   * its own, away from the pipeline's event loop (docs/operations.md). Off: one event loop for all.
   */
  webhookDeliveryThread: boolean;
  /** Old-generation heap cap of that thread (WEBHOOK_THREAD_HEAP_MB). */
  webhookThreadHeapMb: number;
  webhookEndpointConcurrency: number;
  outboxPollMs: number;
  /** Extraction and verification jobs per batch job when a backlog exists (1: no batches). */
  jobBatchSize: number;
  /** How long the relay holds a partial batch for more jobs while its queue has a backlog. */
  jobBatchHoldMs: number;
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
  /** A claim joining a cluster inherits its decision when the decision is at most this old (docs/clusters.md). */
  clusterVerdictMaxAgeDays: number;
  /** Nest level names (error, warn, log, debug, verbose) or pino's (fatal, info, trace, silent). */
  logLevel: LogLevelName;
  /** JSON lines, or human-readable lines (development only; needs the pino-pretty dev dependency). */
  logFormat: 'json' | 'pretty';
  /** Port of the worker process's own /metrics (main.worker.ts only); 0: none. */
  workerMetricsPort: number;
  // --- Hardening (docs/hardening.md) ---
  /** Worker threads that run extraction and HTML conversion, per process. */
  extractionThreads: number;
  /** CPU time one article's extraction (or HTML conversion) may take before it is given up. */
  extractionTimeLimitMs: number;
  /** Claims stored per article; sentences past it are not extracted (the article says how many). */
  maxClaimsPerArticle: number;
  /** Check-worthy claims per article (highest score first) sent to paid external evidence providers. */
  maxProviderClaimsPerArticle: number;
  /** Requests per API key and per newsroom (all its keys) in each window; 0 turns a limit off. */
  rateLimitPerKey: number;
  rateLimitPerNewsroom: number;
  rateLimitWindowSeconds: number;
  httpHeadersTimeoutMs: number;
  httpRequestTimeoutMs: number;
  httpKeepAliveTimeoutMs: number;
  /** Postgres statement_timeout for the application's sessions (0: none). Migrations run without it. */
  dbStatementTimeoutMs: number;
  /** Express `trust proxy`: false unless TRUST_PROXY is set (true, a hop count, or addresses/subnets). */
  trustProxy: boolean | number | string;
}

/** How long finished bookkeeping is kept before the worker purges it (see docs/operations.md). */
export interface RetentionConfig {
  sweepMs: number;
  batchSize: number;
  webhookDeliveryHours: number;
  idempotencyKeyHours: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'info', 'debug', 'verbose', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {}

export const DEFAULT_ADMIN_API_KEY = 'dev-admin-key-change-me';
/** Svix-like schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about 28 h in all). */
export const DEFAULT_WEBHOOK_RETRY_DELAYS = '5000,300000,1800000,7200000,18000000,36000000,36000000';

type Env = Record<string, string | undefined>;

/**
 * The development/test key of WEBHOOK_SECRET_KEYS (never accepted elsewhere): public, so secrets
 * sealed with it are only as safe as the database.
 */
export const DEVELOPMENT_WEBHOOK_SECRET_KEYS = 'dev:ZGV2ZWxvcG1lbnQtb25seS13ZWJob29rLWtleS0wMDA=';
const DEVELOPMENT_ENVIRONMENTS = ['development', 'test'];

/** WEBHOOK_SECRET_KEYS as a key ring: required outside development and test, validated everywhere. */
export function webhookSecretKeyRing(env: Env = process.env): SecretKeyRing {
  const nodeEnv = read(env, 'NODE_ENV', 'development');
  const raw = read(env, 'WEBHOOK_SECRET_KEYS', '');
  if (raw === '' && !DEVELOPMENT_ENVIRONMENTS.includes(nodeEnv)) {
    throw new ConfigError(
      `WEBHOOK_SECRET_KEYS must be set when NODE_ENV=${nodeEnv}: "<key id>:<base64 of 32 random bytes>", e.g. "k1:$(openssl rand -base64 32)"`,
    );
  }
  try {
    return parseKeyRing(raw === '' ? DEVELOPMENT_WEBHOOK_SECRET_KEYS : raw);
  } catch (error) {
    if (error instanceof KeyRingError) throw new ConfigError(`WEBHOOK_SECRET_KEYS ${error.message}`);
    throw error;
  }
}

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

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = read(env, name, fallback).toLowerCase();
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

/**
 * Extraction threads when EXTRACTION_THREADS is unset: one core is left to the main thread (and, in a
 * worker, the webhook delivery thread), at most two. On 2 cores a second thread bought little pipeline
 * throughput (62 vs 65 and 69 vs 81 articles/s side by side) and cost 25-35 MiB of worker RSS.
 */
export function defaultExtractionThreads(cores: number): number {
  return Math.max(1, Math.min(2, cores - 1));
}

/** Queue names WORKER_QUEUES accepts (the queue registry's, which this lower layer cannot import; a type check there keeps them equal). */
export const WORKER_QUEUES = ['extraction', 'verification', 'webhooks'] as const;
export type WorkerQueue = (typeof WORKER_QUEUES)[number];

function workerQueues(env: Env): readonly WorkerQueue[] {
  const raw = read(env, 'WORKER_QUEUES', WORKER_QUEUES.join(','));
  const names = raw.split(',').map((part) => part.trim().toLowerCase());
  const unknown = names.filter((name) => !(WORKER_QUEUES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new ConfigError(`WORKER_QUEUES must be a comma-separated list of ${WORKER_QUEUES.join(', ')}, got "${raw}"`);
  }
  return WORKER_QUEUES.filter((name) => names.includes(name));
}

function logFormat(env: Env, nodeEnv: string): 'json' | 'pretty' {
  const format = oneOf(env, 'LOG_FORMAT', nodeEnv === 'development' ? 'pretty' : 'json', ['json', 'pretty'] as const);
  if (format === 'pretty' && nodeEnv !== 'development') {
    throw new ConfigError(`LOG_FORMAT=pretty is for development only (NODE_ENV is "${nodeEnv}"); use json`);
  }
  return format;
}

export function parseDelays(name: string, raw: string): number[] {
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.length === 0 || parts.some((part) => !/^\d+$/.test(part))) {
    throw new ConfigError(`${name} must be a comma-separated list of delays in milliseconds, got "${raw}"`);
  }
  return parts.map(Number);
}

function trustProxy(env: Env): boolean | number | string {
  const raw = read(env, 'TRUST_PROXY', 'false');
  if (/^(?:false|0|no)$/i.test(raw)) return false;
  if (/^(?:true|yes)$/i.test(raw)) return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (!/^[\w.:/,\s-]+$/.test(raw)) {
    throw new ConfigError(`TRUST_PROXY must be true, false, a hop count or a list of addresses/subnets, got "${raw}"`);
  }
  return raw;
}

/** The database URL alone (for migrations, which need no other setting). */
export function databaseUrlFrom(env: Env = process.env): string {
  return url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/claimflow', ['postgres:', 'postgresql:']);
}

export function loadConfig(env: Env = process.env, defaultThreshold = 0.5): AppConfig {
  const nodeEnv = read(env, 'NODE_ENV', 'production');
  const adminApiKey = read(env, 'ADMIN_API_KEY', DEFAULT_ADMIN_API_KEY);
  if (adminApiKey.length < 16) throw new ConfigError('ADMIN_API_KEY must be at least 16 characters');
  // The published default key opens the admin API to anyone: only with an explicit development opt-in.
  const allowDevAdminKey = boolean(env, 'ALLOW_DEV_ADMIN_KEY', false);
  if (adminApiKey === DEFAULT_ADMIN_API_KEY && nodeEnv !== 'development' && !allowDevAdminKey) {
    throw new ConfigError('ADMIN_API_KEY must be set (the development default needs NODE_ENV=development or ALLOW_DEV_ADMIN_KEY=true)');
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
    databaseUrl: databaseUrlFrom(env),
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
    webhookSecretKeys: webhookSecretKeyRing(env),
    extractionConcurrency: integer(env, 'EXTRACTION_CONCURRENCY', 4, 1, 256),
    verificationConcurrency: integer(env, 'VERIFICATION_CONCURRENCY', 8, 1, 256),
    webhookConcurrency: integer(env, 'WEBHOOK_CONCURRENCY', 32, 1, 1024),
    workerQueues: workerQueues(env),
    webhookDeliveryThread: boolean(env, 'WEBHOOK_DELIVERY_THREAD', true),
    webhookThreadHeapMb: integer(env, 'WEBHOOK_THREAD_HEAP_MB', 64, 16, 4096),
    webhookEndpointConcurrency: integer(env, 'WEBHOOK_ENDPOINT_CONCURRENCY', 4, 1, 1024),
    outboxPollMs: integer(env, 'OUTBOX_POLL_MS', 1000, 10, 60000),
    jobBatchSize: integer(env, 'JOB_BATCH_SIZE', 20, 1, 500),
    jobBatchHoldMs: integer(env, 'JOB_BATCH_HOLD_MS', 200, 0, 10000),
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
    matchThreshold: fraction(env, 'MATCH_THRESHOLD', MATCHING_MODEL.threshold),
    clusterVerdictMaxAgeDays: integer(env, 'CLUSTER_VERDICT_MAX_AGE_DAYS', 30, 0, 3650),
    logLevel: oneOf(env, 'LOG_LEVEL', 'log', LOG_LEVELS),
    logFormat: logFormat(env, nodeEnv),
    workerMetricsPort: integer(env, 'WORKER_METRICS_PORT', 9464, 0, 65535),
    extractionThreads: integer(env, 'EXTRACTION_THREADS', defaultExtractionThreads(availableParallelism()), 1, 64),
    extractionTimeLimitMs: integer(env, 'EXTRACTION_TIME_LIMIT_MS', 5000, 100, 600000),
    maxClaimsPerArticle: integer(env, 'MAX_CLAIMS_PER_ARTICLE', 2000, 1, 100000),
    maxProviderClaimsPerArticle: integer(env, 'MAX_PROVIDER_CLAIMS_PER_ARTICLE', 50, 0, 100000),
    rateLimitPerKey: integer(env, 'RATE_LIMIT_PER_KEY', 600, 0, 10_000_000),
    rateLimitPerNewsroom: integer(env, 'RATE_LIMIT_PER_NEWSROOM', 1200, 0, 10_000_000),
    rateLimitWindowSeconds: integer(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86400),
    httpHeadersTimeoutMs: integer(env, 'HTTP_HEADERS_TIMEOUT_MS', 10000, 1000, 600000),
    httpRequestTimeoutMs: integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 30000, 1000, 3600000),
    httpKeepAliveTimeoutMs: integer(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5000, 1000, 600000),
    dbStatementTimeoutMs: integer(env, 'DB_STATEMENT_TIMEOUT_MS', 15000, 0, 3600000),
    trustProxy: trustProxy(env),
  });
}
