import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/principal';
import { ReviewTaskArticleService } from './review-task-article.service';

class TaskArticleNewsroomDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

class TaskArticleDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, nullable: true }) url: string | null;
  @ApiProperty({ type: String, nullable: true }) language: string | null;
  @ApiProperty({ type: TaskArticleNewsroomDoc }) newsroom: TaskArticleNewsroomDoc;
  @ApiProperty({ description: 'The plain text the claim offsets refer to' }) text: string;
}

/** `text` is the plain text the task's claim offsets (`claim.start`/`claim.end`) refer to. */
@ApiTags('review-tasks')
@ApiBearerAuth()
@Roles('reviewer')
@Controller('v1/review-tasks')
export class ReviewTaskArticleController {
  constructor(private readonly service: ReviewTaskArticleService) {}

  @Get(':id/article')
  @ApiOkResponse({ type: TaskArticleDoc, description: "The task's article in full" })
  article(@Param('id', ParseUUIDPipe) id: string) {
    return this.service.articleOf(id);
  }
}
