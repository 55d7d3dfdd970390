import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/principal';
import { ReviewTaskArticleService } from './review-task-article.service';

/** `text` is the plain text the task's claim offsets (`claim.start`/`claim.end`) refer to. */
@ApiTags('review-tasks')
@ApiBearerAuth()
@Roles('reviewer')
@Controller('v1/review-tasks')
export class ReviewTaskArticleController {
  constructor(private readonly service: ReviewTaskArticleService) {}

  @Get(':id/article')
  @ApiOkResponse({ description: "{ id, title, url, language, newsroom: { id, name }, text }: the task's article in full" })
  article(@Param('id', ParseUUIDPipe) id: string) {
    return this.service.articleOf(id);
  }
}
