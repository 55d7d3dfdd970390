import { Module } from '@nestjs/common';
import { ArticlesCoreModule } from '../articles/articles-core.module';
import { AuthRepository } from '../auth/auth.repository';
import { ClaimsModule } from '../claims/claims.module';
import { ClustersCoreModule } from '../clusters/clusters-core.module';
import { ExtractController } from './extract.controller';
import { QueueDirectory } from '../queue/queue-directory';
import { ExtractionProcessor } from './extraction.processor';
import { ExtractionService } from './extraction.service';
import { ExtractionThreadsModule } from './extraction-threads.module';

/** HTTP side: the synchronous extraction preview. */
@Module({ imports: [ExtractionThreadsModule], controllers: [ExtractController] })
export class ExtractionApiModule {}

/** Worker side: the extraction job. */
@Module({
  imports: [ArticlesCoreModule, ClaimsModule, ClustersCoreModule, ExtractionThreadsModule],
  // AuthRepository: the newsroom's own check-worthiness threshold (the worker runs without AuthModule).
  // QueueDirectory: the processor enqueues a batch's failed articles alone (it finds the queues by name).
  providers: [ExtractionService, ExtractionProcessor, AuthRepository, QueueDirectory],
})
export class ExtractionWorkerModule {}
