import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ClaimSchema } from '../claims/claim.schemas';
import { PageOf } from '../common/api-schemas';
import { ArticleSummaryDto } from './article.dto';

@ApiSchema({ name: 'Article' })
export class ArticleSchema extends ArticleSummaryDto {
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The metadata object as submitted' })
  metadata: Record<string, unknown> | null;
  @ApiProperty({ description: 'The plain text that claim offsets refer to' }) text: string;
  @ApiProperty({ type: [ClaimSchema], description: 'In text order' }) claims: ClaimSchema[];
}

export const ArticlePage = PageOf(ArticleSummaryDto, 'ArticlePage');
