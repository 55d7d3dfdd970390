import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { QueueModule } from '../queue/queue.module';
import { CONSUMED_QUEUES, QueueWorkers } from '../queue/queue-workers.service';
import { QUEUE } from '../queue/queue.registry';
import { WebhooksDeliveryModule } from '../webhooks/webhook-delivery.module';
import { CoreModule } from './core.module';

/** The webhook thread's application: the webhooks queue's Worker and delivery alone (the periodic work stays on the main thread). */
@Module({
  imports: [CoreModule, DiscoveryModule, QueueModule, WebhooksDeliveryModule],
  providers: [QueueWorkers, { provide: CONSUMED_QUEUES, useValue: [QUEUE.webhooks] }],
})
export class WebhookThreadModule {}
