import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { ClaimsModule } from '../claims/claims.module';
import { ReviewLeases } from './review-leases.service';
import { TaskClaims } from './task-claims.service';

/** Lease lapsing and the claims a task holds, shared by the API, verification and the sweeper (rows: WorkflowModule). */
@Module({
  imports: [WorkflowModule, ClaimsModule],
  providers: [ReviewLeases, TaskClaims],
  exports: [ReviewLeases, TaskClaims],
})
export class ReviewTasksCoreModule {}
