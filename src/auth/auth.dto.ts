import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsDefined, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { IsLanguageTag } from '../common/validators';

@ApiSchema({ name: 'NewsroomInput' })
export class CreateNewsroomDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;
}

export class UpdateNewsroomDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 1,
    description:
      "Check-worthiness threshold for this newsroom's articles: claims scoring at least this go to verification and review. null = the service default (CHECKWORTHY_THRESHOLD).",
  })
  @IsDefined()
  @ValidateIf((_, value) => value !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  checkworthyThreshold: number | null;
}

export class NewsroomDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null = the service default' }) checkworthyThreshold: number | null;
  @ApiProperty({ description: 'The threshold its articles are extracted with' }) effectiveCheckworthyThreshold: number;
}

@ApiSchema({ name: 'ReviewerInput' })
export class CreateReviewerDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ type: [String], description: 'BCP 47 tags; none means any language' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsLanguageTag({ each: true })
  languages?: string[];
}

@ApiSchema({ name: 'CreatedPrincipal' })
export class CreatedPrincipalDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Shown once; store it safely' }) apiKey: string;
  @ApiProperty() apiKeyId: string;
}

@ApiSchema({ name: 'CreatedApiKey' })
export class CreatedApiKeyDto {
  @ApiProperty() apiKey: string;
  @ApiProperty() apiKeyId: string;
}

@ApiSchema({ name: 'ApiKey' })
export class ApiKeyDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['admin', 'newsroom', 'reviewer'] }) role: string;
  @ApiProperty() ownerId: string;
  @ApiProperty() prefix: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
}
