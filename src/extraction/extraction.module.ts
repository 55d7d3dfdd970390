import { Module } from '@nestjs/common';
import { ArticlesCoreModule } from '../articles/articles-core.module';
import { AuthRepository } from '../auth/auth.repository';
import { ClaimsModule } from '../claims/claims.module';
import { ClustersCoreModule } from '../clusters/clusters-core.module';
import { ExtractController } from './extract.controller';
import { ExtractionProcessor } from './extraction.processor';
import { ExtractionService } from './extraction.service';
import { ExtractionThreadsModule } from './extraction-threads.module';

/** HTTP side: the synchronous extraction preview (AuthRepository: the caller's newsroom threshold). */
@Module({ imports: [ExtractionThreadsModule], controllers: [ExtractController], providers: [AuthRepository] })
export class ExtractionApiModule {}

/** Worker side: the extraction job. */
@Module({
  imports: [ArticlesCoreModule, ClaimsModule, ClustersCoreModule, ExtractionThreadsModule],
  // AuthRepository: the newsroom's own check-worthiness threshold (the worker runs without AuthModule).
  providers: [ExtractionService, ExtractionProcessor, AuthRepository],
})
export class ExtractionWorkerModule {}
