import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { CommonModule } from '../common/common.module';
import { LoggingModule } from '../logging/logging.module';
import { OutboxModule } from '../queue/queue.module';
import { WebhooksCoreModule } from '../webhooks/webhooks.module';

/** What both processes need: config, structured logs, Postgres, transactions, the outbox and event recording. */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, CommonModule, OutboxModule, WebhooksCoreModule],
  exports: [ConfigModule, LoggingModule, DatabaseModule, CommonModule, OutboxModule, WebhooksCoreModule],
})
export class CoreModule {}
