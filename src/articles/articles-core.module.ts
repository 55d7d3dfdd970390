import { Module } from '@nestjs/common';
import { ArticleRepository } from './article.repository';
import { ArticleWorkflow } from './article-workflow.service';

/** Article persistence and state machine, shared by the HTTP API, extraction and claims. */
@Module({ providers: [ArticleRepository, ArticleWorkflow], exports: [ArticleRepository, ArticleWorkflow] })
export class ArticlesCoreModule {}
