import { Module } from '@nestjs/common';
import { ArticlesCoreModule } from '../articles/articles-core.module';
import { ClaimsModule } from '../claims/claims.module';
import { FactChecksCoreModule } from '../fact-checks/fact-checks.module';
import { LeaseSweeper } from './lease-sweeper.service';
import { ReviewLeases } from './review-leases.service';
import { ReviewTaskArticleController } from './review-task-article.controller';
import { ReviewTaskArticleService } from './review-task-article.service';
import { ReviewTaskRepository } from './review-task.repository';
import { ReviewTasksController } from './review-tasks.controller';
import { ReviewTasksService } from './review-tasks.service';

/** Task persistence and lease lapsing, shared by the API, verification and the sweeper. */
@Module({
  imports: [ArticlesCoreModule, ClaimsModule],
  providers: [ReviewTaskRepository, ReviewLeases],
  exports: [ReviewTaskRepository, ReviewLeases],
})
export class ReviewTasksCoreModule {}

@Module({
  imports: [ReviewTasksCoreModule, ArticlesCoreModule, ClaimsModule, FactChecksCoreModule],
  controllers: [ReviewTasksController, ReviewTaskArticleController],
  providers: [ReviewTasksService, ReviewTaskArticleService],
})
export class ReviewTasksModule {}

/** The worker's periodic lease sweep. */
@Module({ imports: [ReviewTasksCoreModule], providers: [LeaseSweeper] })
export class LeaseSweeperModule {}
