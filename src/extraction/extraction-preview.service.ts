import { Injectable } from '@nestjs/common';
import { AuthRepository } from '../auth/auth.repository';
import type { ExtractRequestDto } from './extract-request.dto';
import { ExtractionPool } from './extraction-pool';
import { extractionHttpError, toPlainText } from './plain-text';

/**
 * POST /v1/extract: the pipeline's segmentation and scoring, on an extraction thread within the time
 * limit; nothing is stored. At most MAX_CLAIMS_PER_ARTICLE claims, as an article would get
 * (`truncated` says so). A newsroom with its own check-worthiness threshold gets it, as its articles do.
 */
@Injectable()
export class ExtractionPreview {
  constructor(
    private readonly pool: ExtractionPool,
    private readonly newsrooms: AuthRepository,
  ) {}

  async preview(newsroomId: string | null, body: ExtractRequestDto) {
    const { text } = await toPlainText(body, this.pool);
    const newsroom = newsroomId ? await this.newsrooms.findNewsroom(newsroomId) : null;
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
