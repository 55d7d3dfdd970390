import type { ConnectionOptions, RedisOptions as BullRedisOptions } from 'bullmq';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { parseRedisUrl } from '../config/redis-url';

/** Settings a caller may override (fail-fast clients: the health probe, the endpoint limiter). */
export type RedisClientOverrides = Pick<
  RedisOptions,
  'lazyConnect' | 'enableOfflineQueue' | 'maxRetriesPerRequest' | 'connectTimeout' | 'commandTimeout'
> & {
  retryStrategy?: (times: number) => number | null;
};

/** Per-connection options of REDIS_URL; workers block on Redis and must wait through outages rather than fail their commands. */
function connectionOptions(redisUrl: string): RedisOptions {
  const target = parseRedisUrl(redisUrl);
  return {
    host: target.nodes[0].host,
    port: target.nodes[0].port,
    username: target.username,
    password: target.password,
    db: target.db,
    tls: target.tls ? {} : undefined,
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
}

/** ioredis options of a single-server REDIS_URL (for a cluster use createRedisClient or bullConnection). */
export function redisOptions(redisUrl: string): BullRedisOptions {
  if (parseRedisUrl(redisUrl).kind === 'cluster')
    throw new Error('redisOptions() takes a single-server REDIS_URL; use createRedisClient()');
  return connectionOptions(redisUrl) as BullRedisOptions;
}

/** A client for REDIS_URL: a Redis, or a Cluster over its seed nodes (the other nodes are discovered). */
export function createRedisClient(redisUrl: string, overrides: RedisClientOverrides = {}): Redis | Cluster {
  const target = parseRedisUrl(redisUrl);
  const base = connectionOptions(redisUrl);
  if (target.kind === 'single') return new Redis({ ...base, ...overrides });
  const { lazyConnect, enableOfflineQueue, retryStrategy, ...perNode } = overrides;
  const { host: _host, port: _port, db: _db, retryStrategy: baseRetry, ...shared } = base;
  return new Cluster(target.nodes, {
    lazyConnect,
    enableOfflineQueue,
    clusterRetryStrategy: retryStrategy ?? baseRetry,
    redisOptions: { ...shared, ...perNode },
  });
}

/**
 * BullMQ's `connection` for REDIS_URL: options for one server (BullMQ opens and closes its own
 * connections), or a Cluster client (BullMQ shares it and duplicates it for blocking commands). On
 * a cluster all keys of a queue must share a slot, so QUEUE_PREFIX is a hash tag such as `{claimflow}`.
 */
export function bullConnection(redisUrl: string): ConnectionOptions {
  return parseRedisUrl(redisUrl).kind === 'single' ? (connectionOptions(redisUrl) as BullRedisOptions) : createRedisClient(redisUrl);
}
