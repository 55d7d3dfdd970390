import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { AuthDataModule } from '../auth/auth.module';
import { ClaimsModule } from '../claims/claims.module';
import { OutboxModule, QueueModule } from '../queue/queue.module';
import { WebhooksCoreModule } from '../webhooks/webhooks.module';
import { ExtractController } from './extract.controller';
import { ExtractionPreview } from './extraction-preview.service';
import { ExtractionProcessor } from './extraction.processor';
import { ExtractionService } from './extraction.service';
import { ExtractionThreadsModule } from './extraction-threads.module';
import { NearDuplicateOffload } from './near-duplicate-offload';

/** HTTP side: the synchronous extraction preview (AuthDataModule: the caller's newsroom threshold). */
@Module({ imports: [ExtractionThreadsModule, AuthDataModule], controllers: [ExtractController], providers: [ExtractionPreview] })
export class ExtractionApiModule {}

/** Worker side: the extraction job. */
@Module({
  // AuthDataModule: the newsroom's own check-worthiness threshold.
  // QueueModule: the processor enqueues a batch's failed articles alone (it finds the queues by name).
  imports: [WorkflowModule, ClaimsModule, ExtractionThreadsModule, AuthDataModule, OutboxModule, WebhooksCoreModule, QueueModule],
  providers: [ExtractionService, ExtractionProcessor, NearDuplicateOffload],
})
export class ExtractionWorkerModule {}
