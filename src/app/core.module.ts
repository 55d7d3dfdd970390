import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { CommonModule } from '../common/common.module';
import { OutboxModule } from '../queue/queue.module';
import { WebhooksCoreModule } from '../webhooks/webhooks.module';

/** What both processes need: config, Postgres, transactions, the outbox and event recording. */
@Module({
  imports: [ConfigModule, DatabaseModule, CommonModule, OutboxModule, WebhooksCoreModule],
  exports: [ConfigModule, DatabaseModule, CommonModule, OutboxModule, WebhooksCoreModule],
})
export class CoreModule {}
