import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BodyLimit, MAX_BODY_BYTES } from '../common/body-limit';
import { AuthRepository } from '../auth/auth.repository';
import { CurrentPrincipal, type Principal, Roles } from '../common/principal';
import { ExtractRequestDto } from './extract-request.dto';
import { ExtractionPool } from './extraction-pool';
import { ExtractionPreviewSchema } from './extraction.schemas';
import { extractionHttpError, toPlainText } from './plain-text';

@ApiTags('extraction')
@ApiBearerAuth()
@Roles('newsroom', 'reviewer')
@Controller('v1/extract')
export class ExtractController {
  constructor(
    private readonly pool: ExtractionPool,
    private readonly newsrooms: AuthRepository,
  ) {}

  /**
   * The pipeline's segmentation and scoring, on an extraction thread within the time limit; nothing
   * is stored. At most MAX_CLAIMS_PER_ARTICLE claims, as an article would get (`truncated` says so).
   * A newsroom with its own check-worthiness threshold gets it, as its articles do.
   */
  @Post()
  @BodyLimit(MAX_BODY_BYTES)
  @HttpCode(200)
  @ApiOkResponse({
    type: ExtractionPreviewSchema,
    description: "Claims with offsets and scores, judged at the caller's newsroom threshold (else the default); nothing is stored",
  })
  @ApiResponse({ status: 422, description: 'The content took longer than EXTRACTION_TIME_LIMIT_MS to process' })
  @ApiResponse({ status: 429, description: 'Every extraction thread stayed busy; retry after Retry-After seconds' })
  async extract(@CurrentPrincipal() principal: Principal, @Body() body: ExtractRequestDto) {
    const { text } = await toPlainText(body, this.pool);
    const newsroom = principal.role === 'newsroom' && principal.ownerId ? await this.newsrooms.findNewsroom(principal.ownerId) : null;
    const threshold = newsroom?.checkworthy_threshold ?? this.pool.threshold;
    const result = await this.pool.extract({ text, language: body.language, withText: true, threshold }).catch((error: unknown) => {
      throw extractionHttpError(error);
    });
    return {
      language: result.language,
      text: result.text,
      threshold,
      claims: result.claims.map((claim) => ({
        text: claim.text,
        start: claim.start,
        end: claim.end,
        checkworthiness: Math.round(claim.checkworthiness * 10000) / 10000,
        checkworthy: claim.checkworthy,
        context: { before: claim.contextBefore, after: claim.contextAfter },
      })),
      totalClaims: result.totalClaims,
      truncated: result.totalClaims > result.claims.length,
    };
  }
}
