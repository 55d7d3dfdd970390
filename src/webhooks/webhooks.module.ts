import { Module } from '@nestjs/common';
import { CommonModule } from '../common/common.module';
import { OutboxModule } from '../queue/queue.module';
import { WebhooksDataModule, WebhooksDeliveryModule } from './webhook-delivery.module';
import { WebhookDrainSweeper } from './webhook-drain-sweeper.service';
import { WebhookEventRecorder } from './webhook-event-recorder';
import { WebhookSecretJanitor } from './webhook-secret-janitor.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

export { WebhooksDataModule };

/** Event recording, used inside the transactions of every feature that reports changes. */
@Module({ imports: [WebhooksDataModule, OutboxModule], providers: [WebhookEventRecorder], exports: [WebhookEventRecorder] })
export class WebhooksCoreModule {}

/** Delivery and the periodic webhook work (worker process: its main thread, once per process). */
@Module({
  imports: [WebhooksDeliveryModule, WebhooksDataModule, OutboxModule],
  providers: [WebhookDrainSweeper, WebhookSecretJanitor],
  exports: [WebhookSecretJanitor],
})
export class WebhooksWorkerModule {}

/** Endpoints, delivery log, redeliver and recover (API process). */
@Module({
  imports: [WebhooksDataModule, OutboxModule, CommonModule],
  controllers: [WebhooksController],
  providers: [WebhooksService],
})
export class WebhooksApiModule {}
