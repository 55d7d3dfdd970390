import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { ClaimsModule } from '../claims/claims.module';
import { ClustersCoreModule } from '../clusters/clusters-core.module';
import { ReviewLeases } from './review-leases.service';
import { ReviewTaskRepository } from './review-task.repository';
import { TaskClaims } from './task-claims.service';

/** Task persistence and lease lapsing, shared by the API, verification, clusters and the sweeper. */
@Module({
  imports: [WorkflowModule, ClaimsModule, ClustersCoreModule],
  providers: [ReviewTaskRepository, ReviewLeases, TaskClaims],
  exports: [ReviewTaskRepository, ReviewLeases, TaskClaims],
})
export class ReviewTasksCoreModule {}
