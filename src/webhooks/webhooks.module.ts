import { Global, Module } from '@nestjs/common';
import { WebhookEventRecorder } from './webhook-event-recorder';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';

/** Event recording, used inside the transactions of every feature that reports changes. */
@Global()
@Module({ providers: [WebhookEventRecorder], exports: [WebhookEventRecorder] })
export class WebhooksCoreModule {}

@Module({ providers: [WebhookDeliveryProcessor] })
export class WebhooksWorkerModule {}
