import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { ConnectionOptions } from 'bullmq';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { OutboxRepository } from './outbox.repository';
import { QueueDirectory } from './queue-directory';
import { QUEUE } from './queue.registry';
import { bullConnection } from './redis-options';

/** Outbox writes (Postgres only). Both processes import it; the API never talks to Redis for work. */
@Module({ providers: [OutboxRepository], exports: [OutboxRepository] })
export class OutboxModule {}

/**
 * BullMQ's connection for REDIS_URL. For one server BullMQ opens (and closes) its own connections
 * from these options; a cluster client is shared by every queue and worker, so it is closed here.
 */
@Injectable()
export class BullConnection implements OnApplicationShutdown {
  readonly connection: ConnectionOptions;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.connection = bullConnection(config.redisUrl);
  }

  onApplicationShutdown(): void {
    const client = this.connection as { disconnect?: unknown };
    if (typeof client.disconnect === 'function') (client as { disconnect(): void }).disconnect();
  }
}

@Module({ providers: [BullConnection], exports: [BullConnection] })
class BullConnectionModule {}

/** BullMQ queues (the worker's relay and recovery, the API's queue gauges and board) and their connection (the workers'). */
@Module({
  imports: [
    BullConnectionModule,
    BullModule.forRootAsync({
      imports: [BullConnectionModule],
      inject: [APP_CONFIG, BullConnection],
      useFactory: (config: AppConfig, bull: BullConnection) => ({ connection: bull.connection, prefix: config.queuePrefix }),
    }),
    BullModule.registerQueue(...Object.values(QUEUE).map((name) => ({ name }))),
  ],
  providers: [QueueDirectory],
  exports: [BullModule, BullConnectionModule, QueueDirectory],
})
export class QueueModule {}
