import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BodyLimit, MAX_BODY_BYTES } from '../common/body-limit';
import { CallerNewsroom, Roles } from '../common/principal';
import { ExtractRequestDto } from './extract-request.dto';
import { ExtractionPreview } from './extraction-preview.service';
import { ExtractionPreviewSchema } from './extraction.schemas';

@ApiTags('extraction')
@ApiBearerAuth()
@Roles('newsroom', 'reviewer')
@Controller('v1/extract')
export class ExtractController {
  constructor(private readonly previews: ExtractionPreview) {}

  @Post()
  @BodyLimit(MAX_BODY_BYTES)
  @HttpCode(200)
  @ApiOkResponse({
    type: ExtractionPreviewSchema,
    description: "Claims with offsets and scores, judged at the caller's newsroom threshold (else the default); nothing is stored",
  })
  @ApiResponse({ status: 422, description: 'The content took longer than EXTRACTION_TIME_LIMIT_MS to process' })
  @ApiResponse({ status: 429, description: 'Every extraction thread stayed busy; retry after Retry-After seconds' })
  extract(@CallerNewsroom() newsroomId: string | null, @Body() body: ExtractRequestDto) {
    return this.previews.preview(newsroomId, body);
  }
}
