import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsLanguageTag } from '../common/validators';

export const MAX_TEXT_LENGTH = 2_000_000;

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
