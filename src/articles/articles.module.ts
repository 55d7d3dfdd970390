import { Module } from '@nestjs/common';
import { CommonModule } from '../common/common.module';
import { ClaimsModule } from '../claims/claims.module';
import { ExtractionThreadsModule } from '../extraction/extraction-threads.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ArticlesController } from './articles.controller';
import { ArticlesService } from './articles.service';

@Module({
  imports: [WorkflowModule, ClaimsModule, ExtractionThreadsModule, CommonModule],
  controllers: [ArticlesController],
  providers: [ArticlesService],
})
export class ArticlesModule {}
