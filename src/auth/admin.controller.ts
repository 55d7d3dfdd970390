import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { parseLimit } from '../common/pagination';
import { Roles } from '../common/principal';
import { AuthService } from './auth.service';
import { CreateNewsroomDto, CreateReviewerDto } from './auth.dto';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin')
export class AdminController {
  constructor(private readonly auth: AuthService) {}

  @Post('newsrooms')
  createNewsroom(@Body() body: CreateNewsroomDto) {
    return this.auth.createNewsroom(body.name);
  }

  @Post('reviewers')
  createReviewer(@Body() body: CreateReviewerDto) {
    return this.auth.createReviewer(body.name, body.languages ?? []);
  }

  @Post('newsrooms/:id/api-keys')
  addNewsroomKey(@Param('id', uuid) id: string) {
    return this.auth.addKey('newsroom', id);
  }

  @Post('reviewers/:id/api-keys')
  addReviewerKey(@Param('id', uuid) id: string) {
    return this.auth.addKey('reviewer', id);
  }

  @Get('api-keys')
  listKeys(@Query('ownerId') ownerId?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string) {
    const owner =
      ownerId === undefined || ownerId === '' ? null : (uuid.transform(ownerId, { type: 'query', data: 'ownerId' }) as Promise<string>);
    return Promise.resolve(owner).then((id) => this.auth.listKeys(id, parseLimit(limit), cursor));
  }

  @Post('api-keys/:keyId/revoke')
  @HttpCode(200)
  revoke(@Param('keyId', uuid) keyId: string) {
    return this.auth.revokeKey(keyId);
  }
}
