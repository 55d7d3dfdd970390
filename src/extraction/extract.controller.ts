import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Roles } from '../common/principal';
import { ExtractRequestDto } from '../articles/article.dto';
import { toPlainText } from './plain-text';
import { extractClaims } from '../text';
import { BodyLimit, MAX_BODY_BYTES } from '../common/body-limit';
import { ExtractionPreviewSchema } from './extraction.schemas';

@ApiTags('extraction')
@ApiBearerAuth()
@Roles('newsroom', 'reviewer')
@Controller('v1/extract')
export class ExtractController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The pipeline's segmentation and scoring, synchronously; nothing is stored. */
  @BodyLimit(MAX_BODY_BYTES)
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: ExtractionPreviewSchema, description: 'Claims with offsets and scores; nothing is stored' })
  extract(@Body() body: ExtractRequestDto) {
    const { text } = toPlainText(body);
    const result = extractClaims({ text, language: body.language }, this.config.checkworthyThreshold);
    return {
      language: result.language,
      text: result.text,
      threshold: this.config.checkworthyThreshold,
      claims: result.claims.map((claim) => ({
        text: claim.text,
        start: claim.start,
        end: claim.end,
        checkworthiness: Math.round(claim.checkworthiness * 10000) / 10000,
        checkworthy: claim.checkworthy,
        context: { before: claim.contextBefore, after: claim.contextAfter },
      })),
    };
  }
}
