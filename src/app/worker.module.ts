import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ExtractionWorkerModule } from '../extraction/extraction.module';
import { VerificationWorkerModule } from '../verification/verification.module';
import { WebhooksWorkerModule } from '../webhooks/webhooks.module';
import { OutboxRelay } from '../queue/outbox-relay.service';
import { WorkflowModule } from '../workflow/workflow.module';
import { OutboxModule, QueueModule } from '../queue/queue.module';
import { QueueWorkers } from '../queue/queue-workers.service';
import { LeaseSweeperModule } from '../review-tasks/review-tasks.module';
import { RecoveryModule } from '../recovery/recovery.module';
import { RetentionModule } from '../retention/retention.module';
import { CoreModule } from './core.module';
import { WebhookDeliveryThread } from './webhook-delivery-thread';

/** Queue processors and the outbox relay; no HTTP. Webhook delivery may run on a thread of its own (WebhookDeliveryThread). */
@Module({
  imports: [
    CoreModule,
    DiscoveryModule,
    QueueModule,
    OutboxModule,
    WorkflowModule,
    ExtractionWorkerModule,
    VerificationWorkerModule,
    WebhooksWorkerModule,
    LeaseSweeperModule,
    RecoveryModule,
    RetentionModule,
  ],
  providers: [OutboxRelay, QueueWorkers, WebhookDeliveryThread],
  exports: [OutboxRelay, WebhookDeliveryThread],
})
export class WorkerModule {}
