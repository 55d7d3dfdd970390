import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { AuthDataModule } from '../auth/auth.module';
import { ClaimsModule } from '../claims/claims.module';
import { FactChecksCoreModule } from '../fact-checks/fact-checks.module';
import { WebhooksCoreModule } from '../webhooks/webhooks.module';
import { ClusterCorrections } from './cluster-corrections.service';
import { ClusterReads } from './cluster-reads.service';
import { ClusterWorkflow } from './cluster-workflow.service';
import { ClaimDetachController, ClustersController } from './clusters.controller';
import { VerdictPublisher } from './verdict-publisher.service';

/** How decisions spread through clusters: used by verification (worker) and review tasks (API). */
@Module({
  // AuthDataModule: publishing names the newsroom.
  imports: [WorkflowModule, ClaimsModule, FactChecksCoreModule, AuthDataModule, WebhooksCoreModule],
  providers: [ClusterWorkflow, VerdictPublisher, ClusterReads],
  exports: [ClusterWorkflow, ClusterReads, VerdictPublisher],
})
export class ClusterWorkflowModule {}

/** HTTP: cluster reads, detach and merge. */
@Module({
  imports: [ClusterWorkflowModule, ClaimsModule],
  controllers: [ClustersController, ClaimDetachController],
  providers: [ClusterCorrections],
})
export class ClustersApiModule {}
