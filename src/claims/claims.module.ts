import { Module } from '@nestjs/common';
import { ArticlesCoreModule } from '../articles/articles-core.module';
import { ClustersCoreModule } from '../clusters/clusters-core.module';
import { OutboxModule } from '../queue/queue.module';
import { WebhooksCoreModule } from '../webhooks/webhooks.module';
import { ClaimRepository } from './claim.repository';
import { ClaimWorkflow } from './claim-workflow.service';
import { ClaimsController } from './claims.controller';
import { ClaimsService } from './claims.service';

@Module({
  imports: [ArticlesCoreModule, ClustersCoreModule, OutboxModule, WebhooksCoreModule],
  controllers: [ClaimsController],
  providers: [ClaimRepository, ClaimWorkflow, ClaimsService],
  exports: [ClaimRepository, ClaimWorkflow, ClaimsService],
})
export class ClaimsModule {}
