import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentNewsroom, Roles } from '../common/principal';
import { ApiQueryParams, ValidQuery } from '../common/query.pipe';
import { ArticleListQuery } from './article-list.query';
import { ArticleSummaryDto, SubmitArticleDto } from './article.dto';
import { ArticlesService } from './articles.service';
import { BodyLimit, MAX_BODY_BYTES } from '../common/body-limit';
import { ErrorResponse } from '../common/api-schemas';
import { ArticlePage, ArticleSchema } from './article.schemas';

@ApiTags('articles')
@ApiBearerAuth()
@Roles('newsroom')
@Controller('v1/articles')
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @BodyLimit(MAX_BODY_BYTES)
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1..255 printable ASCII; kept 24 h per newsroom' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponse, description: 'The Idempotency-Key was used with another body' })
  @ApiResponse({ status: 202, type: ArticleSummaryDto, description: 'Accepted; extraction runs in the queue' })
  @ApiResponse({ status: 200, type: ArticleSummaryDto, description: 'Replay of an earlier request with the same key' })
  async submit(
    @CurrentNewsroom() newsroomId: string,
    @Body() body: SubmitArticleDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    const result = await this.articles.submit(newsroomId, body, request.body, idempotencyKey);
    response.status(result.created ? 202 : 200);
    return result.article;
  }

  @Get()
  @ApiOkResponse({ type: ArticlePage, description: "The newsroom's articles, newest first" })
  @ApiQueryParams(
    { name: 'status', required: false, enum: ['received', 'extracting', 'verifying', 'completed', 'failed'] },
    { name: 'limit', required: false, description: '1..200, default 50' },
    { name: 'cursor', required: false },
  )
  list(@CurrentNewsroom() newsroomId: string, @ValidQuery(ArticleListQuery) query: ArticleListQuery) {
    return this.articles.list(newsroomId, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ArticleSchema })
  get(@CurrentNewsroom() newsroomId: string, @Param('id', ParseUUIDPipe) id: string) {
    return this.articles.get(newsroomId, id);
  }
}
