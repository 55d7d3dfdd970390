import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsHttpUrl, IsLanguageTag } from '../common/validators';
import { MAX_CLAIM_TEXT_LENGTH, MAX_IMPORT_BATCH, MAX_PUBLISHER_LENGTH, MAX_RATING_LENGTH, MAX_TITLE_LENGTH } from './fact-check.entity';

const NOT_BLANK = /\S/;

/** One library item in claimflow's own shape (a schema.org ClaimReview object is accepted too). */
@ApiSchema({ name: 'FactCheckInput' })
export class FactCheckInputDto {
  @ApiProperty({ maxLength: MAX_CLAIM_TEXT_LENGTH })
  @IsString()
  @Length(1, MAX_CLAIM_TEXT_LENGTH)
  @Matches(NOT_BLANK, { message: 'claimText must not be blank' })
  claimText: string;

  @ApiPropertyOptional({ maxLength: MAX_TITLE_LENGTH, description: 'Headline of the published fact-check article; used by matching' })
  @IsOptional()
  @IsString()
  @Length(1, MAX_TITLE_LENGTH)
  title?: string;

  @ApiProperty({
    maxLength: MAX_RATING_LENGTH,
    description:
      'A verdict rating (true, mostly_true, mixed, mostly_false, false, misleading, unverifiable) or a publisher rating kept as given',
  })
  @IsString()
  @Length(1, MAX_RATING_LENGTH)
  @Matches(NOT_BLANK, { message: 'rating must not be blank' })
  rating: string;

  @ApiPropertyOptional({ description: 'Absolute http(s) URL of the published fact-check' })
  @IsOptional()
  @IsHttpUrl()
  url?: string;

  @ApiPropertyOptional({ maxLength: MAX_PUBLISHER_LENGTH })
  @IsOptional()
  @IsString()
  @Length(1, MAX_PUBLISHER_LENGTH)
  publisher?: string;

  @ApiPropertyOptional({ description: 'BCP 47 tag; picks the stemming used for matching', maxLength: 35 })
  @IsOptional()
  @IsLanguageTag()
  language?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 time the fact-check was published' })
  @IsOptional()
  @IsISO8601({ strict: true })
  reviewedAt?: string;
}

/** What a search result and a stored item share. */
@ApiSchema({ name: 'FactCheckSummary' })
export class FactCheckSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() claimText: string;
  @ApiProperty({ nullable: true, type: String, description: 'Headline of the fact-check article' }) title: string | null;
  @ApiProperty() rating: string;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ nullable: true, type: String }) publisher: string | null;
  @ApiProperty({ nullable: true, type: String }) language: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewedAt: string | null;
}

@ApiSchema({ name: 'FactCheck' })
export class FactCheckDto extends FactCheckSummaryDto {
  @ApiProperty({ nullable: true, type: String, description: 'Who added it (newsroom or reviewer id)' }) addedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The verified claim it came from, if any' }) sourceClaimId: string | null;
  @ApiProperty() createdAt: string;
}

@ApiSchema({ name: 'FactCheckMatch' })
export class FactCheckMatchDto extends FactCheckSummaryDto {
  @ApiProperty({
    minimum: 0,
    maximum: 1,
    description: 'Calibrated probability that the item checks the same claim as q (docs/matching.md)',
  })
  score: number;
}

@ApiSchema({ name: 'FactCheckSearchPage' })
export class FactCheckSearchPageDto {
  @ApiProperty({ type: [FactCheckMatchDto] }) items: FactCheckMatchDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Always null: search is not paged' }) nextCursor: null;
}

@ApiSchema({ name: 'FactCheckBatch' })
export class FactCheckBatchDto {
  @ApiProperty({ type: [FactCheckDto], description: `Stored items in input order (at most ${MAX_IMPORT_BATCH})` }) items: FactCheckDto[];
}
