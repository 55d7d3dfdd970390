import { Module } from '@nestjs/common';
import { WebhooksCoreModule, WebhooksDataModule } from '../webhooks/webhooks.module';
import { ArticleRepository } from './article.repository';
import { ArticleWorkflow } from './article-workflow.service';
import { ClaimRepository } from './claim.repository';
import { ClaimWorkflow } from './claim-workflow.service';
import { ClusterAssignment } from './cluster-assignment.service';
import { ClusterRepository } from './cluster.repository';
import { NearDuplicateMatcher } from './near-duplicate-matcher';
import { ReviewTaskRepository } from './review-task.repository';

/**
 * The desk's rows below their features: articles, claims, the clusters claims join as they enter the
 * workflow and the review tasks that hold them; their repositories, the two state machines and the
 * workflows that change them (a claim's change rolls its article up). Shared by the articles and claims
 * APIs, extraction, verification, review tasks and clusters; it imports none of them.
 */
const SHARED = [
  ArticleRepository,
  ArticleWorkflow,
  ClaimRepository,
  ClaimWorkflow,
  ClusterRepository,
  ClusterAssignment,
  NearDuplicateMatcher,
  ReviewTaskRepository,
];

@Module({
  imports: [WebhooksCoreModule, WebhooksDataModule],
  providers: SHARED,
  exports: SHARED,
})
export class WorkflowModule {}
