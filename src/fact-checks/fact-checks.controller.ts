import { Body, Controller, Get, Header, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../common/principal';
import type { Principal } from '../common/principal';
import { FactCheckBatchDto, FactCheckDto, FactCheckInputDto, FactCheckSearchPageDto } from './fact-check.dto';
import { FactCheckSearchQuery } from './fact-check-search.query';
import { ValidQuery } from '../common/query.pipe';
import { MAX_IMPORT_BATCH } from './fact-check.entity';
import { FactChecksService } from './fact-checks.service';
import { ApiClaimReviewResponse } from './claim-review.schemas';
import { BodyLimit, MAX_BODY_BYTES } from '../common/body-limit';

const CLAIM_REVIEW_SCHEMA = {
  type: 'object',
  description:
    'schema.org ClaimReview JSON-LD: claimReviewed, reviewRating.alternateName, url, author.name or publisher.name, datePublished, inLanguage',
  required: ['@type', 'claimReviewed', 'reviewRating'],
  properties: { '@type': { type: 'string', enum: ['ClaimReview'] } },
};

@ApiTags('fact-checks')
@ApiBearerAuth()
@ApiExtraModels(FactCheckInputDto, FactCheckDto, FactCheckBatchDto)
@Roles('newsroom', 'reviewer')
@Controller('v1/fact-checks')
export class FactChecksController {
  constructor(private readonly factChecks: FactChecksService) {}

  @BodyLimit(MAX_BODY_BYTES)
  @Post()
  @ApiBody({
    description: `One fact-check, a schema.org ClaimReview object, or an array of 1..${MAX_IMPORT_BATCH} of either`,
    schema: {
      oneOf: [
        { $ref: getSchemaPath(FactCheckInputDto) },
        CLAIM_REVIEW_SCHEMA,
        {
          type: 'array',
          minItems: 1,
          maxItems: MAX_IMPORT_BATCH,
          items: { oneOf: [{ $ref: getSchemaPath(FactCheckInputDto) }, CLAIM_REVIEW_SCHEMA] },
        },
      ],
    },
  })
  @ApiCreatedResponse({
    description: 'The stored fact-check, or { items } in input order for an array',
    schema: { oneOf: [{ $ref: getSchemaPath(FactCheckDto) }, { $ref: getSchemaPath(FactCheckBatchDto) }] },
  })
  create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    return this.factChecks.import(principal, body);
  }

  @Get('search')
  @ApiQuery({ name: 'q', required: true, description: '1..2000 characters' })
  @ApiQuery({ name: 'language', required: false, description: 'BCP 47 tag: stemming of q, and items of that language (or of none)' })
  @ApiQuery({ name: 'limit', required: false, description: '1..200, default 10' })
  @ApiOkResponse({ type: FactCheckSearchPageDto, description: 'Best match first; a cursor parameter is refused (400)' })
  search(@ValidQuery(FactCheckSearchQuery) query: FactCheckSearchQuery) {
    return this.factChecks.search(query);
  }

  @Get(':id/claim-review')
  @Header('Content-Type', 'application/ld+json; charset=utf-8')
  @ApiClaimReviewResponse('The library item as schema.org ClaimReview JSON-LD (headline = title)')
  claimReview(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.factChecks.claimReview(id);
  }
}
