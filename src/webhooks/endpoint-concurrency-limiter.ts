import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { createRedisClient } from '../queue/redis-options';

/**
 * Caps the attempts in flight per endpoint across every worker (a Redis sorted set of leases that
 * expire, so a crashed worker's slots free themselves). A slow or dead endpoint thus holds at most
 * WEBHOOK_ENDPOINT_CONCURRENCY of the queue's slots and other newsrooms' deliveries keep flowing.
 */
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local granted = math.min(tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[1]), tonumber(ARGV[4]))
if granted <= 0 then return 0 end
for index = 1, granted do redis.call('ZADD', KEYS[1], ARGV[2], ARGV[5] .. ':' .. index) end
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return granted`;

/** Slots held for one job run: `count` attempts may be in flight at once (0 members: limiter unavailable). */
export interface Slots {
  key: string;
  members: string[];
  count: number;
}

@Injectable()
export class EndpointConcurrencyLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger(EndpointConcurrencyLimiter.name);
  private readonly redis: Redis | Cluster;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // Its own connection that fails fast: during a Redis outage attempts go ahead unlimited
    // rather than hang (the job that runs them came from Redis, so outages here are short).
    this.redis = createRedisClient(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => undefined);
  }

  // After the queue workers closed (beforeApplicationShutdown waits for the jobs running): a drain in flight still needs it.
  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }

  /**
   * Up to `wanted` slots for `holdMs` (what is free of the endpoint's cap), or null when none is.
   * Fails open (all `wanted`, unrecorded) if Redis errs.
   */
  async acquire(endpointId: string, wanted: number, holdMs: number): Promise<Slots | null> {
    const key = `${this.config.queuePrefix}:webhooks:inflight:${endpointId}`;
    const owner = randomUUID();
    const now = Date.now();
    const leaseMs = holdMs + 10_000;
    try {
      const granted = Number(
        await this.redis.eval(ACQUIRE, 1, key, now, now + leaseMs, this.config.webhookEndpointConcurrency, wanted, owner, leaseMs),
      );
      if (granted <= 0) return null;
      return { key, members: Array.from({ length: granted }, (_, index) => `${owner}:${index + 1}`), count: granted };
    } catch (error) {
      this.logger.warn(`endpoint concurrency limiter unavailable, sending without it: ${(error as Error).message}`);
      return { key, members: [], count: Math.min(wanted, this.config.webhookEndpointConcurrency) };
    }
  }

  async release(slots: Slots): Promise<void> {
    if (slots.members.length === 0) return;
    try {
      await this.redis.zrem(slots.key, ...slots.members);
    } catch {
      // the leases expire by themselves
    }
  }

  /** How long a job that found its endpoint busy waits before trying again (jittered). */
  busyDelayMs(): number {
    return 100 + Math.floor(Math.random() * Math.min(900, this.config.webhookTimeoutMs));
  }
}
