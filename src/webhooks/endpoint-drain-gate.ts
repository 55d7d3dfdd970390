import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { createRedisClient } from '../queue/redis-options';

/**
 * Enter the endpoint's drain, or (someone drains it) mark it dirty so the drainer loops once more.
 * The key expires with the lease, so a crashed drainer's gate opens by itself.
 */
const ENTER = `
if redis.call('HEXISTS', KEYS[1], 'owner') == 1 then
  redis.call('HSET', KEYS[1], 'dirty', '1')
  return 0
end
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'dirty', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** Leave unless a wake-up came meanwhile (then clear it, renew, and the drainer goes on): 0 left, 1 go on, -1 not the owner. */
const LEAVE = `
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return -1 end
if redis.call('HGET', KEYS[1], 'dirty') == '1' then
  redis.call('HSET', KEYS[1], 'dirty', '0')
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
redis.call('DEL', KEYS[1])
return 0`;

/** While draining: consume a wake-up that came meanwhile (then renew): 1 woken, 0 not, -1 not the owner. */
const TAKE_WAKE_UP = `
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return -1 end
if redis.call('HGET', KEYS[1], 'dirty') ~= '1' then return 0 end
redis.call('HSET', KEYS[1], 'dirty', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** Gives the gate up (a handoff or a failure): a wake-up that came meanwhile is left to whoever enters next. */
const RELEASE = `
if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`;

/** The right to drain one endpoint, held until left or until its lease lapses. */
export interface DrainTicket {
  endpointId: string;
  token: string;
  leaseMs: number;
}

/**
 * One drainer per endpoint across every worker (Redis), with no lost wake-up: a wake-up either
 * enters the gate or marks it dirty, atomically, and the drainer leaves only if it is not dirty,
 * atomically; so a delivery committed after the drainer's last look is drained by it or by the next.
 */
@Injectable()
export class EndpointDrainGate implements OnApplicationShutdown {
  private readonly redis: Redis | Cluster;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // Unlike the limiter it cannot fail open (two drainers would both send); a command waits for the
    // connection, and one that fails postpones its job (an infrastructure failure).
    this.redis = createRedisClient(config.redisUrl, { maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined);
  }

  // After the queue workers closed (beforeApplicationShutdown waits for the jobs running): a drain in flight still needs it.
  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }

  /** The ticket, or null when another drainer holds the endpoint (it was marked dirty and will look again). */
  async enter(endpointId: string, leaseMs: number): Promise<DrainTicket | null> {
    const token = randomUUID();
    const entered = Number(await this.redis.eval(ENTER, 1, this.key(endpointId), token, leaseMs));
    return entered === 1 ? { endpointId, token, leaseMs } : null;
  }

  /**
   * True when the drainer is done (it left, nothing woke it meanwhile); false when it must drain
   * again (a wake-up came, or its lease had lapsed and it entered afresh, since a mark made on the
   * lapsed gate is gone).
   */
  async leaveIfClean(ticket: DrainTicket): Promise<boolean> {
    const left = Number(await this.redis.eval(LEAVE, 1, this.key(ticket.endpointId), ticket.token, ticket.leaseMs));
    if (left === 0) return true;
    if (left === 1) return false;
    const again = await this.enter(ticket.endpointId, ticket.leaseMs);
    if (!again) return true;
    ticket.token = again.token;
    return false;
  }

  /**
   * True when a wake-up came since the last look (it is consumed: the drainer claims again before
   * leaving). A lapsed drainer is told true too: it claims again, and its leave enters afresh.
   */
  async takeWakeUp(ticket: DrainTicket): Promise<boolean> {
    return Number(await this.redis.eval(TAKE_WAKE_UP, 1, this.key(ticket.endpointId), ticket.token, ticket.leaseMs)) !== 0;
  }

  async release(ticket: DrainTicket): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key(ticket.endpointId), ticket.token);
  }

  private key(endpointId: string): string {
    return `${this.config.queuePrefix}:webhooks:drain:${endpointId}`;
  }
}
