import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, CurrentReviewer, Roles } from '../common/principal';
import type { Principal } from '../common/principal';
import { ClaimWithHistorySchema } from '../claims/claim.schemas';
import { ClaimsService } from '../claims/claims.service';
import { ClusterCorrections } from './cluster-corrections.service';
import { ClusterDoc, MergeClustersDto } from './cluster.dto';
import { ClusterReads } from './cluster-reads.service';

@ApiTags('clusters')
@ApiBearerAuth()
@Controller('v1/clusters')
export class ClustersController {
  constructor(
    private readonly reads: ClusterReads,
    private readonly corrections: ClusterCorrections,
  ) {}

  @Get(':id')
  @Roles('newsroom', 'reviewer')
  @ApiOperation({
    summary: 'A claim cluster',
    description:
      'Reviewers see every member; a newsroom sees a cluster only if it owns a member, and then only its own members (size counts all).',
  })
  @ApiOkResponse({ type: ClusterDoc })
  @ApiNotFoundResponse({ description: 'No such cluster, or (newsroom) none of its members is yours' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.reads.get(principal, id);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({
    summary: 'Merge another cluster into this one (reviewer)',
    description:
      'Members and keys of `clusterId` move here. The merged cluster keeps at most one review task: a held one is kept, the other is cancelled; waiting members follow the kept task.',
  })
  @ApiOkResponse({ type: ClusterDoc })
  async merge(
    @CurrentPrincipal() principal: Principal,
    @CurrentReviewer() reviewerId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: MergeClustersDto,
  ) {
    await this.corrections.merge(reviewerId, id, body.clusterId.toLowerCase());
    return this.reads.get(principal, id);
  }
}

@ApiTags('claims')
@ApiBearerAuth()
@Controller('v1/claims')
export class ClaimDetachController {
  constructor(
    private readonly corrections: ClusterCorrections,
    private readonly claims: ClaimsService,
  ) {}

  @Post(':id/detach')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({
    summary: 'Detach a claim grouped wrongly into a cluster of its own (reviewer)',
    description:
      'An inherited verdict or dismissal is withdrawn and the claim is reviewed again in a task of its own; one a reviewer gave it directly stays. Answers the Claim with its history.',
  })
  @ApiOkResponse({ type: ClaimWithHistorySchema, description: 'The claim, alone in a new cluster, with its status history' })
  @ApiNotFoundResponse({ description: 'No such claim' })
  async detach(@CurrentPrincipal() principal: Principal, @CurrentReviewer() reviewerId: string, @Param('id', ParseUUIDPipe) id: string) {
    await this.corrections.detach(reviewerId, id);
    return this.claims.get(principal, id);
  }
}
