import { Body, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/principal';
import { LibraryTrustRepository } from './library-trust.repository';
import { LibraryTrustDoc, NewsroomTrustDoc, NewsroomTrustDto, PublisherTrustDoc, PublisherTrustDto } from './library-trust.dto';

/**
 * Library trust (admin): items imported by a trusted newsroom, or carrying a trusted publisher, become
 * automatic evidence and suggestions on every newsroom's claims; other imports only on the importing
 * newsroom's own claims. Reviewers' imports and verified claims are always trusted.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/library-trust')
export class LibraryTrustController {
  constructor(private readonly trust: LibraryTrustRepository) {}

  @Get()
  @ApiOkResponse({ type: LibraryTrustDoc, description: 'What is trusted' })
  async list() {
    const { newsrooms, publishers } = await this.trust.list();
    return { newsrooms, publishers: publishers.map((row) => ({ name: row.name, trustedAt: row.created_at.toISOString() })) };
  }

  @Put('newsrooms/:id')
  @ApiOkResponse({ type: NewsroomTrustDoc })
  async setNewsroom(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: NewsroomTrustDto) {
    const newsroom = await this.trust.setNewsroomTrusted(id, body.trusted);
    if (!newsroom) throw new NotFoundException(`newsroom ${id} not found`);
    return { newsroomId: newsroom.id, name: newsroom.name, trusted: body.trusted };
  }

  @Put('publishers')
  @ApiOkResponse({ type: PublisherTrustDoc })
  async setPublisher(@Body() body: PublisherTrustDto) {
    await this.trust.setPublisherTrusted(body.publisher, body.trusted);
    return { publisher: body.publisher.trim(), trusted: body.trusted };
  }
}
