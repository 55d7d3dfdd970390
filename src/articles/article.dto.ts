import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsObject, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsHttpUrl, IsLanguageTag, IsSmallJsonObject } from '../common/validators';

export const MAX_TITLE_LENGTH = 1000;
export const MAX_EXTERNAL_ID_LENGTH = 255;
export const MAX_TEXT_LENGTH = 2_000_000;
export const URGENCY_LEVELS = { low: 0, normal: 0.25, high: 0.6, breaking: 1 } as const;
export type Urgency = keyof typeof URGENCY_LEVELS;

/** Body of POST /v1/extract: the content part of an article. Exactly one of text or html. */
@ApiSchema({ name: 'ExtractionInput' })
export class ExtractRequestDto {
  @ApiPropertyOptional({ description: 'Plain text (exactly one of text or html)', maxLength: MAX_TEXT_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT_LENGTH)
  text?: string;

  @ApiPropertyOptional({ description: 'HTML, converted to plain text by an HTML parser', maxLength: MAX_TEXT_LENGTH * 2 })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT_LENGTH * 2)
  html?: string;

  @ApiPropertyOptional({ description: 'BCP 47 tag; detected from the text when absent', maxLength: 35 })
  @IsOptional()
  @IsLanguageTag()
  language?: string;
}

@ApiSchema({ name: 'ArticleInput' })
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
