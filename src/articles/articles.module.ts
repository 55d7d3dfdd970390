import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { ExtractionThreadsModule } from '../extraction/extraction-threads.module';
import { ArticlesCoreModule } from './articles-core.module';
import { ArticlesController } from './articles.controller';
import { ArticlesService } from './articles.service';

@Module({
  imports: [ArticlesCoreModule, ClaimsModule, ExtractionThreadsModule],
  controllers: [ArticlesController],
  providers: [ArticlesService],
})
export class ArticlesModule {}
