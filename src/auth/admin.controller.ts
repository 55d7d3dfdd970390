import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/principal';
import { ApiQueryParams, ValidQuery } from '../common/query.pipe';
import { ApiKeyListQuery } from './api-key-list.query';
import { AuthService } from './auth.service';
import {
  ApiKeyDto,
  CreateNewsroomDto,
  CreateReviewerDto,
  CreatedApiKeyDto,
  CreatedPrincipalDto,
  NewsroomDto,
  UpdateNewsroomDto,
} from './auth.dto';
import { ApiKeyPage } from './auth.schemas';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin')
export class AdminController {
  constructor(private readonly auth: AuthService) {}

  @Post('newsrooms')
  @ApiCreatedResponse({ type: CreatedPrincipalDto, description: 'The newsroom and its first API key (shown once)' })
  createNewsroom(@Body() body: CreateNewsroomDto) {
    return this.auth.createNewsroom(body.name);
  }

  @Get('newsrooms/:id')
  @ApiOkResponse({ type: NewsroomDto })
  getNewsroom(@Param('id', uuid) id: string) {
    return this.auth.getNewsroom(id);
  }

  /** Per-newsroom settings; today the check-worthiness threshold its articles are extracted with. */
  @Patch('newsrooms/:id')
  @ApiOkResponse({ type: NewsroomDto })
  updateNewsroom(@Param('id', uuid) id: string, @Body() body: UpdateNewsroomDto) {
    return this.auth.setCheckworthyThreshold(id, body.checkworthyThreshold);
  }

  @Post('reviewers')
  @ApiCreatedResponse({ type: CreatedPrincipalDto, description: 'The reviewer and its first API key (shown once)' })
  createReviewer(@Body() body: CreateReviewerDto) {
    return this.auth.createReviewer(body.name, body.languages ?? []);
  }

  @Post('newsrooms/:id/api-keys')
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'Another key for the newsroom (for rotation; shown once)' })
  addNewsroomKey(@Param('id', uuid) id: string) {
    return this.auth.addKey('newsroom', id);
  }

  @Post('reviewers/:id/api-keys')
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'Another key for the reviewer (for rotation; shown once)' })
  addReviewerKey(@Param('id', uuid) id: string) {
    return this.auth.addKey('reviewer', id);
  }

  @Get('api-keys')
  @ApiOkResponse({ type: ApiKeyPage, description: 'Keys (never the key itself), newest first' })
  @ApiQueryParams(
    { name: 'ownerId', required: false, description: 'A newsroom or reviewer id' },
    { name: 'limit', required: false, description: '1..200, default 50' },
    { name: 'cursor', required: false },
  )
  listKeys(@ValidQuery(ApiKeyListQuery) query: ApiKeyListQuery) {
    return this.auth.listKeys(query.ownerId || null, query.limit, query.cursor);
  }

  @Post('api-keys/:keyId/revoke')
  @HttpCode(200)
  @ApiOkResponse({ type: ApiKeyDto, description: 'The key, now revoked: it answers 401 from now on' })
  revoke(@Param('keyId', uuid) keyId: string) {
    return this.auth.revokeKey(keyId);
  }
}
