import { Module } from '@nestjs/common';
import { ArticlesCoreModule } from '../articles/articles-core.module';
import { AuthRepository } from '../auth/auth.repository';
import { ClaimsModule } from '../claims/claims.module';
import { FactChecksCoreModule } from '../fact-checks/fact-checks.module';
import { ReviewTasksCoreModule } from '../review-tasks/review-tasks-core.module';
import { ClusterCorrections } from './cluster-corrections.service';
import { ClusterReads } from './cluster-reads.service';
import { ClusterWorkflow } from './cluster-workflow.service';
import { ClustersCoreModule } from './clusters-core.module';
import { ClaimDetachController, ClustersController } from './clusters.controller';
import { VerdictPublisher } from './verdict-publisher.service';

/** How decisions spread through clusters: used by verification (worker) and review tasks (API). */
@Module({
  imports: [ArticlesCoreModule, ClaimsModule, FactChecksCoreModule, ReviewTasksCoreModule, ClustersCoreModule],
  // AuthRepository is provided here too: the worker has no AuthModule, and publishing names the newsroom.
  providers: [ClusterWorkflow, VerdictPublisher, ClusterReads, AuthRepository],
  exports: [ClusterWorkflow, ClusterReads, VerdictPublisher, ClustersCoreModule],
})
export class ClusterWorkflowModule {}

/** HTTP: cluster reads, detach and merge. */
@Module({
  imports: [ClusterWorkflowModule, ClaimsModule, ReviewTasksCoreModule, ClustersCoreModule],
  controllers: [ClustersController, ClaimDetachController],
  providers: [ClusterCorrections],
})
export class ClustersApiModule {}
