import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ExtractionWorkerModule } from '../extraction/extraction.module';
import { VerificationWorkerModule } from '../verification/verification.module';
import { WebhooksWorkerModule } from '../webhooks/webhooks.module';
import { OutboxRelay } from '../queue/outbox-relay.service';
import { QueueModule } from '../queue/queue.module';
import { WorkerLifecycle } from '../queue/worker-lifecycle.service';
import { CoreModule } from './core.module';

/** Queue processors and the outbox relay; no HTTP. */
@Module({
  imports: [CoreModule, DiscoveryModule, QueueModule, ExtractionWorkerModule, VerificationWorkerModule, WebhooksWorkerModule],
  providers: [OutboxRelay, WorkerLifecycle],
  exports: [OutboxRelay],
})
export class WorkerModule {}
