import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import type { Principal } from '../common/principal';
import { createRedisClient } from '../queue/redis-options';
import { ThrottledErrorLog } from '../queue/throttled-error-log';
import { bucketsFor, FIXED_WINDOW_SCRIPT, type RateLimitVerdict } from './fixed-window';

/** A Redis that does not answer within this is treated as down: the request goes through. */
const REDIS_TIMEOUT_MS = 250;

/** Keys share QUEUE_PREFIX, which is hash-tagged on a Redis Cluster: one script call stays in one slot. */
type ScriptRedis = (Redis | Cluster) & { rateLimitHit(...args: (string | number)[]): Promise<[number, number]> };

/**
 * Request limits per API key and per newsroom, counted in Redis so they hold across api processes.
 * Fails open: with Redis down or slow every request is allowed (ingest must keep answering 202 while
 * Redis is away, and a limiter must never be the reason an API is down).
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly errors = new ThrottledErrorLog(this.logger, 'rate limits are not enforced (Redis unavailable)');
  private readonly redis: ScriptRedis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.redis = createRedisClient(config.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: REDIS_TIMEOUT_MS,
      connectTimeout: 2000,
      retryStrategy: () => 1000,
    }) as ScriptRedis;
    this.redis.defineCommand('rateLimitHit', { lua: FIXED_WINDOW_SCRIPT });
    this.redis.on('error', this.errors.report);
    // Connect now, not on the first request (commands are not queued while connecting: they fail open).
    if (this.enabled) void this.redis.connect().catch(() => undefined);
  }

  get enabled(): boolean {
    return this.config.rateLimitPerKey > 0 || this.config.rateLimitPerNewsroom > 0;
  }

  async hit(principal: Principal): Promise<RateLimitVerdict> {
    const buckets = bucketsFor(this.config.queuePrefix, principal, {
      perKey: this.config.rateLimitPerKey,
      perNewsroom: this.config.rateLimitPerNewsroom,
    });
    if (buckets.length === 0) return { allowed: true, retryAfterSeconds: 0 };
    try {
      if (this.redis.status !== 'ready') await this.untilReady();
      const [over, retryMs] = await this.redis.rateLimitHit(
        buckets.length,
        ...buckets.map((bucket) => bucket.key),
        this.config.rateLimitWindowSeconds * 1000,
        ...buckets.map((bucket) => bucket.limit),
      );
      return { allowed: over === 0, retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)) };
    } catch (error) {
      this.errors.report(error as Error);
      return { allowed: true, retryAfterSeconds: 0 };
    }
  }

  /** Waits a moment for a connection that is being made (a fresh process); a Redis that stays away fails open. */
  private untilReady(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, REDIS_TIMEOUT_MS);
      this.redis.once('ready', done);
    });
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
