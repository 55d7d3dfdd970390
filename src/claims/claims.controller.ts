import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../common/principal';
import type { Principal } from '../common/principal';
import { ClaimsService } from './claims.service';
import { ErrorResponse } from '../common/api-schemas';
import { ClaimWithHistorySchema } from './claim.schemas';

@ApiTags('claims')
@ApiBearerAuth()
@Roles('newsroom', 'reviewer')
@Controller('v1/claims')
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Get(':id')
  @ApiOkResponse({ type: ClaimWithHistorySchema, description: 'The claim with its status history' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.claims.get(principal, id);
  }

  @Post(':id/promote')
  @HttpCode(200)
  @ApiOkResponse({ type: ClaimWithHistorySchema, description: 'The claim, now pending (in the workflow)' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The claim is not not_checkworthy' })
  promote(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.claims.promote(principal, id);
  }
}
