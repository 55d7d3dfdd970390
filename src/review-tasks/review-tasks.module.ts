import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { AuthDataModule } from '../auth/auth.module';
import { ClaimsModule } from '../claims/claims.module';
import { ClusterWorkflowModule } from '../clusters/clusters.module';
import { CommonModule } from '../common/common.module';
import { FactChecksCoreModule } from '../fact-checks/fact-checks.module';
import { LeaseSweeper } from './lease-sweeper.service';
import { ReviewTaskArticleController } from './review-task-article.controller';
import { ReviewTaskArticleService } from './review-task-article.service';
import { ReviewTasksCoreModule } from './review-tasks-core.module';
import { ReviewTasksController } from './review-tasks.controller';
import { ReviewTasksService } from './review-tasks.service';

export { ReviewTasksCoreModule };

@Module({
  imports: [ReviewTasksCoreModule, WorkflowModule, ClaimsModule, FactChecksCoreModule, ClusterWorkflowModule, AuthDataModule, CommonModule],
  controllers: [ReviewTasksController, ReviewTaskArticleController],
  providers: [ReviewTasksService, ReviewTaskArticleService],
})
export class ReviewTasksModule {}

/** The worker's periodic lease sweep. */
@Module({ imports: [ReviewTasksCoreModule], providers: [LeaseSweeper] })
export class LeaseSweeperModule {}
