import { Module } from '@nestjs/common';
import { OutboxModule } from '../queue/queue.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ClaimsController } from './claims.controller';
import { ClaimsService } from './claims.service';

/** The claims API; re-exports the workflow module (claim rows, repository and workflow) for its importers. */
@Module({
  imports: [WorkflowModule, OutboxModule],
  controllers: [ClaimsController],
  providers: [ClaimsService],
  exports: [WorkflowModule, ClaimsService],
})
export class ClaimsModule {}
