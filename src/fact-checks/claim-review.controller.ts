import { Controller, Get, Header, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../common/principal';
import type { Principal } from '../common/principal';
import { ErrorResponse } from '../common/api-schemas';
import { ApiClaimReviewResponse } from './claim-review.schemas';
import { ClaimReviewService } from './claim-review.service';

@ApiTags('claims')
@ApiBearerAuth()
@Roles('newsroom', 'reviewer')
@Controller('v1/claims')
export class ClaimReviewController {
  constructor(private readonly claimReviews: ClaimReviewService) {}

  @Get(':id/claim-review')
  @Header('Content-Type', 'application/ld+json; charset=utf-8')
  @ApiClaimReviewResponse('schema.org ClaimReview JSON-LD of the verified claim')
  @ApiConflictResponse({ type: ErrorResponse, description: 'The claim is not verified' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.claimReviews.export(principal, id);
  }
}
