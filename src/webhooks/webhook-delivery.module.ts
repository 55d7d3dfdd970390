import { Module } from '@nestjs/common';
import { OutboxModule } from '../queue/queue.module';
import { EndpointConcurrencyLimiter } from './endpoint-concurrency-limiter';
import { EndpointDrainGate } from './endpoint-drain-gate';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { webhookSenderProvider } from './webhook-sender';

// Apart from webhooks.module.ts, which loads the API side (controller, DTOs, validation): the webhook
// thread imports this file alone, and every module it loads is memory of that thread's own.

@Module({
  providers: [WebhookEndpointRepository, WebhookDeliveryRepository],
  exports: [WebhookEndpointRepository, WebhookDeliveryRepository],
})
export class WebhooksDataModule {}

/** Signed delivery with retries: the webhooks queue's processor, all the webhook thread runs (src/app/webhook-thread.ts). */
@Module({
  imports: [WebhooksDataModule, OutboxModule],
  providers: [WebhookDeliveryProcessor, WebhookDeliveryService, webhookSenderProvider, EndpointConcurrencyLimiter, EndpointDrainGate],
})
export class WebhooksDeliveryModule {}
