import { Module } from '@nestjs/common';
import { WebhooksCoreModule } from '../webhooks/webhooks.module';
import { ArticleRepository } from './article.repository';
import { ArticleWorkflow } from './article-workflow.service';

/** Article persistence and state machine, shared by the HTTP API, extraction and claims. */
@Module({ imports: [WebhooksCoreModule], providers: [ArticleRepository, ArticleWorkflow], exports: [ArticleRepository, ArticleWorkflow] })
export class ArticlesCoreModule {}
