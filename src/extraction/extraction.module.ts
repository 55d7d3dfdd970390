import { Module } from '@nestjs/common';
import { ArticlesCoreModule } from '../articles/articles-core.module';
import { ClaimsModule } from '../claims/claims.module';
import { ClustersCoreModule } from '../clusters/clusters-core.module';
import { ExtractController } from './extract.controller';
import { ExtractionProcessor } from './extraction.processor';
import { ExtractionService } from './extraction.service';

/** HTTP side: the synchronous extraction preview. */
@Module({ controllers: [ExtractController] })
export class ExtractionApiModule {}

/** Worker side: the extraction job. */
@Module({
  imports: [ArticlesCoreModule, ClaimsModule, ClustersCoreModule],
  providers: [ExtractionService, ExtractionProcessor],
})
export class ExtractionWorkerModule {}
