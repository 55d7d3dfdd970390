import { Module } from '@nestjs/common';
import { CommonModule } from '../common/common.module';
import { OutboxModule } from '../queue/queue.module';
import { EndpointConcurrencyLimiter } from './endpoint-concurrency-limiter';
import { EndpointDrainGate } from './endpoint-drain-gate';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookDrainSweeper } from './webhook-drain-sweeper.service';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhookEventRecorder } from './webhook-event-recorder';
import { WebhookSecretJanitor } from './webhook-secret-janitor.service';
import { webhookSenderProvider } from './webhook-sender';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({
  providers: [WebhookEndpointRepository, WebhookDeliveryRepository],
  exports: [WebhookEndpointRepository, WebhookDeliveryRepository],
})
export class WebhooksDataModule {}

/** Event recording, used inside the transactions of every feature that reports changes. */
@Module({ imports: [WebhooksDataModule, OutboxModule], providers: [WebhookEventRecorder], exports: [WebhookEventRecorder] })
export class WebhooksCoreModule {}

/** Signed delivery with retries (worker process). */
@Module({
  imports: [WebhooksDataModule, OutboxModule],
  providers: [
    WebhookDeliveryProcessor,
    WebhookDeliveryService,
    webhookSenderProvider,
    EndpointConcurrencyLimiter,
    EndpointDrainGate,
    WebhookDrainSweeper,
    WebhookSecretJanitor,
  ],
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
