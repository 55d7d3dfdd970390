import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
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
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

export interface Slot {
  key: string;
  member: string;
}

@Injectable()
export class EndpointConcurrencyLimiter implements OnModuleDestroy {
  private readonly logger = new Logger(EndpointConcurrencyLimiter.name);
  private readonly redis: Redis | Cluster;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // Its own connection that fails fast: during a Redis outage attempts go ahead unlimited
    // rather than hang (the job that runs them came from Redis, so outages here are short).
    this.redis = createRedisClient(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }

  /** A slot for one attempt, or null when the endpoint is at its cap. Fails open if Redis errs. */
  async acquire(endpointId: string): Promise<Slot | null> {
    const key = `${this.config.queuePrefix}:webhooks:inflight:${endpointId}`;
    const member = randomUUID();
    const now = Date.now();
    const leaseMs = this.config.webhookTimeoutMs + 10_000;
    try {
      const granted = await this.redis.eval(ACQUIRE, 1, key, now, now + leaseMs, this.config.webhookEndpointConcurrency, member, leaseMs);
      return Number(granted) === 1 ? { key, member } : null;
    } catch (error) {
      this.logger.warn(`endpoint concurrency limiter unavailable, sending without it: ${(error as Error).message}`);
      return { key, member: '' };
    }
  }

  async release(slot: Slot): Promise<void> {
    if (slot.member === '') return;
    try {
      await this.redis.zrem(slot.key, slot.member);
    } catch {
      // the lease expires by itself
    }
  }

  /** How long a job that found its endpoint busy waits before trying again (jittered). */
  busyDelayMs(): number {
    return 100 + Math.floor(Math.random() * Math.min(900, this.config.webhookTimeoutMs));
  }
}
