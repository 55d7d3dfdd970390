import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { parseLimit } from '../common/pagination';
import { CurrentPrincipal, Roles } from '../common/principal';
import type { Principal } from '../common/principal';
import { ArticleSummaryDto, SubmitArticleDto } from './article.dto';
import { ArticlesService } from './articles.service';
import { BodyLimit, MAX_BODY_BYTES } from '../common/body-limit';

@ApiTags('articles')
@ApiBearerAuth()
@Roles('newsroom')
@Controller('v1/articles')
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @BodyLimit(MAX_BODY_BYTES)
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1..255 printable ASCII; kept 24 h per newsroom' })
  @ApiResponse({ status: 202, type: ArticleSummaryDto, description: 'Accepted; extraction runs in the queue' })
  @ApiResponse({ status: 200, type: ArticleSummaryDto, description: 'Replay of an earlier request with the same key' })
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SubmitArticleDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    const result = await this.articles.submit(principal.ownerId!, body, request.body, idempotencyKey);
    response.status(result.created ? 202 : 200);
    return result.article;
  }

  @Get()
  list(
    @CurrentPrincipal() principal: Principal,
    @Query('status') status?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    return this.articles.list(principal.ownerId!, status, parseLimit(limit), cursor);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.articles.get(principal.ownerId!, id);
  }
}
