import { Module } from '@nestjs/common';
import { CommonModule } from '../common/common.module';
import { ClaimsModule } from '../claims/claims.module';
import { ExtractionThreadsModule } from '../extraction/extraction-threads.module';
import { ArticlesCoreModule } from './articles-core.module';
import { ArticlesController } from './articles.controller';
import { ArticlesService } from './articles.service';

@Module({
  imports: [ArticlesCoreModule, ClaimsModule, ExtractionThreadsModule, CommonModule],
  controllers: [ArticlesController],
  providers: [ArticlesService],
})
export class ArticlesModule {}
