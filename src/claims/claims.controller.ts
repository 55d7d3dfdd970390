import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../common/principal';
import type { Principal } from '../common/principal';
import { ClaimsService } from './claims.service';

@ApiTags('claims')
@ApiBearerAuth()
@Roles('newsroom', 'reviewer')
@Controller('v1/claims')
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.claims.get(principal, id);
  }

  @Post(':id/promote')
  @HttpCode(200)
  promote(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.claims.promote(principal, id);
  }
}
