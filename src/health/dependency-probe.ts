import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Cluster, Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { createRedisClient } from '../queue/redis-options';

const PROBE_TIMEOUT_MS = 2000;
export type ProbeResult = 'up' | 'down';

/** Answers whether Postgres and Redis respond, quickly, without waiting on reconnects. */
@Injectable()
export class DependencyProbe implements OnApplicationShutdown {
  private readonly redisClient: Redis | Cluster;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.redisClient = createRedisClient(config.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: PROBE_TIMEOUT_MS,
      retryStrategy: () => 1000,
    });
    this.redisClient.on('error', () => undefined);
  }

  async postgres(): Promise<ProbeResult> {
    return probe(this.dataSource.query('SELECT 1'));
  }

  async redis(): Promise<ProbeResult> {
    const client = this.redisClient;
    return probe(
      (async () => {
        if (client.status === 'wait') await client.connect();
        return client.ping();
      })(),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.redisClient.disconnect();
  }
}

async function probe(check: Promise<unknown>): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve('down'), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      check.then(
        (): ProbeResult => 'up',
        (): ProbeResult => 'down',
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
