import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { IsHttpUrl, IsLanguageTag } from '../common/validators';
import { ClaimSchema } from '../claims/claim.schemas';
import { VERDICT_RATINGS } from '../workflow/verdict-rating';
import { TaskClusterDoc } from '../clusters/cluster.dto';
import { SuggestionSchema } from './suggestion.schema';

const NOT_BLANK = /\S/;
export const MAX_VERDICT_EVIDENCE = 50;

@ApiSchema({ name: 'ClaimNextInput' })
export class ClaimNextDto {
  @ApiPropertyOptional({
    type: [String],
    description: "BCP 47 tags (matched on the primary subtag: 'en' takes 'en-GB'); overrides the reviewer's languages; [] = any",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsLanguageTag({ each: true })
  languages?: string[];
}

@ApiSchema({ name: 'EvidenceInput' })
export class EvidenceInputDto {
  @ApiPropertyOptional({ description: 'Absolute http(s) URL' })
  @IsOptional()
  @IsHttpUrl()
  url?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  title?: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @Length(1, 10000)
  excerpt?: string;

  @ApiProperty({ enum: ['supports', 'refutes', 'context'] })
  @IsIn(['supports', 'refutes', 'context'])
  stance: 'supports' | 'refutes' | 'context';

  @ApiPropertyOptional({ description: 'Ignored: the server sets source to "reviewer"' })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  source?: string;
}

@ApiSchema({ name: 'VerdictInput' })
export class VerdictDto {
  @ApiProperty({ enum: VERDICT_RATINGS })
  @IsIn(VERDICT_RATINGS)
  rating: (typeof VERDICT_RATINGS)[number];

  @ApiProperty({ maxLength: 10000 })
  @IsString()
  @Length(1, 10000)
  @Matches(NOT_BLANK, { message: 'summary must not be blank' })
  summary: string;

  @ApiPropertyOptional({ type: [EvidenceInputDto], maxItems: MAX_VERDICT_EVIDENCE })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_VERDICT_EVIDENCE)
  @ValidateNested({ each: true })
  @Type(() => EvidenceInputDto)
  evidence?: EvidenceInputDto[];
}

@ApiSchema({ name: 'DismissInput' })
export class DismissDto {
  @ApiProperty({ maxLength: 2000, description: 'Why the claim is not checkable (kept in the claim history)' })
  @IsString()
  @Length(1, 2000)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason: string;
}

@ApiSchema({ name: 'ReviewTaskArticle' })
export class ReviewTaskArticleDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
}

@ApiSchema({ name: 'ReviewTask' })
export class ReviewTaskDto {
  @ApiProperty() id: string;
  @ApiProperty() claimId: string;
  @ApiProperty({ enum: ['open', 'claimed', 'done', 'cancelled'] }) status: string;
  @ApiProperty({
    description:
      'max over waiting cluster members of (0.7 checkworthiness + 0.3 urgency) + min(0.5, 0.1 log2(articles)) + 0.05 per hour waited',
  })
  priority: number;
  @ApiProperty() language: string;
  @ApiProperty({ nullable: true, type: String }) assigneeId: string | null;
  @ApiProperty({ nullable: true, type: String }) leaseExpiresAt: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Only to the holder: send it back as If-Match to fence writes to this lease',
  })
  leaseToken?: string | null;
  @ApiProperty({ type: () => ClaimSchema }) claim: unknown;
  @ApiProperty({ type: TaskClusterDoc, nullable: true, description: 'The claim cluster this task decides (docs/clusters.md)' })
  cluster: TaskClusterDoc | null;
  @ApiProperty({ type: ReviewTaskArticleDto }) article: ReviewTaskArticleDto;
  @ApiProperty({ type: () => [SuggestionSchema], description: 'Prior fact-checks and external reviews, best first' })
  suggestions: unknown[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}
