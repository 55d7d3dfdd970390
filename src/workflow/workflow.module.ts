import { Module } from '@nestjs/common';
import { WebhooksCoreModule } from '../webhooks/webhooks.module';
import { ArticleRepository } from './article.repository';
import { ArticleWorkflow } from './article-workflow.service';
import { ClaimRepository } from './claim.repository';
import { ClaimWorkflow } from './claim-workflow.service';

/**
 * Articles and claims below their HTTP features: rows, repositories, the two state machines and the
 * workflows that change them (a claim's change rolls its article up). Shared by the articles and
 * claims APIs, extraction, verification, review tasks and clusters; it imports none of them.
 */
@Module({
  imports: [WebhooksCoreModule],
  providers: [ArticleRepository, ArticleWorkflow, ClaimRepository, ClaimWorkflow],
  exports: [ArticleRepository, ArticleWorkflow, ClaimRepository, ClaimWorkflow],
})
export class WorkflowModule {}
