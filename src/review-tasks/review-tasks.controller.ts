import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, CurrentReviewer, Roles } from '../common/principal';
import type { Principal } from '../common/principal';
import { EvidenceSchema } from '../claims/claim.schemas';
import { ReviewTaskPage } from './review-task.schemas';
import { ClaimNextDto, DismissDto, EvidenceInputDto, ReviewTaskDto, VerdictDto } from './review-task.dto';
import { ReviewTaskListQuery } from './review-task-list.query';
import { ValidQuery } from '../common/query.pipe';
import { ReviewTasksService } from './review-tasks.service';
import { BodyLimit } from '../common/body-limit';

/** A verdict carries up to 50 pieces of evidence with long excerpts. */
const VERDICT_BODY_BYTES = 2 * 1024 * 1024;

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'leaseToken of your lease (from the task answer): the write then applies only to that very lease',
};

@ApiTags('review-tasks')
@ApiBearerAuth()
@Roles('reviewer')
@Controller('v1/review-tasks')
export class ReviewTasksController {
  constructor(private readonly tasks: ReviewTasksService) {}

  @Get()
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'claimed', 'done', 'cancelled'], description: 'default open' })
  @ApiQuery({ name: 'language', required: false, description: 'BCP 47 tag(s), comma-separated, matched on the primary subtag' })
  @ApiQuery({ name: 'limit', required: false, description: '1..200, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiOkResponse({ type: ReviewTaskPage, description: 'Highest priority first' })
  list(@CurrentReviewer() reviewerId: string, @ValidQuery(ReviewTaskListQuery) query: ReviewTaskListQuery) {
    return this.tasks.list(reviewerId, query);
  }

  @Post('claim-next')
  @HttpCode(200)
  @ApiOkResponse({ type: ReviewTaskDto, description: 'The task now leased to you' })
  @ApiNoContentResponse({ description: 'No open task in your languages' })
  async claimNext(
    @CurrentReviewer() reviewerId: string,
    @CurrentPrincipal() principal: Principal,
    @Body() body: ClaimNextDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const task = await this.tasks.claimNext({ id: reviewerId, languages: principal.languages }, body.languages);
    if (!task) response.status(204);
    return task ?? undefined;
  }

  @Get(':id')
  @ApiOkResponse({ type: ReviewTaskDto })
  get(@CurrentReviewer() reviewerId: string, @Param('id', ParseUUIDPipe) id: string) {
    return this.tasks.get(reviewerId, id);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOkResponse({ type: ReviewTaskDto })
  @ApiConflictResponse({ description: 'Someone else holds a live lease, or the task is done' })
  claim(@CurrentReviewer() reviewerId: string, @Param('id', ParseUUIDPipe) id: string) {
    return this.tasks.claim(reviewerId, id);
  }

  @Post(':id/heartbeat')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReviewTaskDto, description: 'leaseExpiresAt extended by REVIEW_LEASE_SECONDS from now' })
  @ApiConflictResponse({ description: 'You do not hold a live lease of this task' })
  heartbeat(@CurrentReviewer() reviewerId: string, @Param('id', ParseUUIDPipe) id: string, @Headers('if-match') ifMatch?: string) {
    return this.tasks.heartbeat(reviewerId, id, ifMatch);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReviewTaskDto })
  @ApiConflictResponse({ description: 'You do not hold a live lease of this task' })
  release(@CurrentReviewer() reviewerId: string, @Param('id', ParseUUIDPipe) id: string, @Headers('if-match') ifMatch?: string) {
    return this.tasks.release(reviewerId, id, ifMatch);
  }

  @Post(':id/evidence')
  @BodyLimit(VERDICT_BODY_BYTES)
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: EvidenceSchema, description: 'The stored Evidence (source "reviewer")' })
  @ApiConflictResponse({ description: 'You do not hold a live lease of this task' })
  evidence(
    @CurrentReviewer() reviewerId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: EvidenceInputDto,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.tasks.addEvidence(reviewerId, id, body, ifMatch);
  }

  @Post(':id/verdict')
  @BodyLimit(VERDICT_BODY_BYTES)
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReviewTaskDto, description: 'Task done, claim verified, claim added to the fact-check library' })
  @ApiConflictResponse({ description: 'Not the live holder, or the task already has a verdict' })
  verdict(
    @CurrentReviewer() reviewerId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: VerdictDto,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.tasks.verdict(reviewerId, id, body, ifMatch);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReviewTaskDto, description: 'Task done, claim dismissed' })
  @ApiConflictResponse({ description: 'Not the live holder, or the task is already done' })
  dismiss(
    @CurrentReviewer() reviewerId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DismissDto,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.tasks.dismiss(reviewerId, id, body, ifMatch);
  }
}
