import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { OutboxRepository } from './outbox.repository';
import { QueueDirectory } from './queue-directory';
import { QUEUE } from './queue.registry';
import { redisOptions } from './redis-options';

/** Outbox writes (Postgres only). Both processes import it; the API never talks to Redis for work. */
@Global()
@Module({ providers: [OutboxRepository], exports: [OutboxRepository] })
export class OutboxModule {}

/** BullMQ queues, for the worker process (relay and processors). */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ connection: redisOptions(config.redisUrl), prefix: config.queuePrefix }),
    }),
    BullModule.registerQueue(...Object.values(QUEUE).map((name) => ({ name }))),
  ],
  providers: [QueueDirectory],
  exports: [BullModule, QueueDirectory],
})
export class QueueModule {}
