import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length } from 'class-validator';
import { IsLanguageTag } from '../common/validators';

@ApiSchema({ name: 'NewsroomInput' })
export class CreateNewsroomDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;
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
