import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsObject, IsOptional, IsString, Length } from 'class-validator';
import { AcceptedWhen } from '../common/json-body.pipe';
import { IsHttpUrl, IsSmallJsonObject } from '../common/validators';
import { ExtractRequestDto } from '../extraction/extract-request.dto';
import { isAcceptedArticleInput, MAX_EXTERNAL_ID_LENGTH, MAX_TITLE_LENGTH, URGENCY_LEVELS } from './article-input';

export { MAX_EXTERNAL_ID_LENGTH, MAX_TITLE_LENGTH, URGENCY_LEVELS };
export type Urgency = keyof typeof URGENCY_LEVELS;

/** Body of POST /v1/articles: the content to extract claims from, and what the desk knows of the article. */
@ApiSchema({ name: 'ArticleInput' })
@AcceptedWhen(isAcceptedArticleInput)
export class SubmitArticleDto extends ExtractRequestDto {
  @ApiPropertyOptional({ maxLength: MAX_TITLE_LENGTH })
  @IsOptional()
  @IsString()
  @Length(0, MAX_TITLE_LENGTH)
  title?: string;

  @ApiPropertyOptional({ description: 'Absolute http(s) URL' })
  @IsOptional()
  @IsHttpUrl()
  url?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  publishedAt?: string;

  @ApiPropertyOptional({ maxLength: MAX_EXTERNAL_ID_LENGTH })
  @IsOptional()
  @IsString()
  @Length(1, MAX_EXTERNAL_ID_LENGTH)
  externalId?: string;

  @ApiPropertyOptional({ description: 'JSON object, at most 16 KiB and 10 levels deep', type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  @IsSmallJsonObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: Object.keys(URGENCY_LEVELS), description: "Raises the priority of this article's review tasks" })
  @IsOptional()
  @IsIn(Object.keys(URGENCY_LEVELS))
  urgency?: Urgency;
}

@ApiSchema({ name: 'ArticleSummary' })
export class ArticleSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['received', 'extracting', 'verifying', 'completed', 'failed'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ nullable: true, type: String }) language: string | null;
  @ApiProperty({ nullable: true, type: String }) externalId: string | null;
  @ApiProperty({ nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) failureReason: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Claims per status' })
  counts: Record<string, number>;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}
