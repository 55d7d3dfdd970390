import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ClaimContextSchema } from '../claims/claim.schemas';

@ApiSchema({ name: 'ExtractedClaim' })
export class ExtractedClaimSchema {
  @ApiProperty() text: string;
  @ApiProperty() start: number;
  @ApiProperty() end: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) checkworthiness: number;
  @ApiProperty({ description: 'checkworthiness >= threshold' }) checkworthy: boolean;
  @ApiProperty({ type: ClaimContextSchema }) context: ClaimContextSchema;
}

@ApiSchema({ name: 'ExtractionPreview' })
export class ExtractionPreviewSchema {
  @ApiProperty({ description: 'Given, or detected from the text' }) language: string;
  @ApiProperty({ description: 'The plain text the offsets refer to' }) text: string;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'The check-worthiness threshold in force' }) threshold: number;
  @ApiProperty({ type: [ExtractedClaimSchema] }) claims: ExtractedClaimSchema[];
}
