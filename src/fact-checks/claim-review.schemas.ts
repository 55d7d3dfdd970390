import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProduces, ApiProperty, ApiSchema, getSchemaPath } from '@nestjs/swagger';

/** The parts of schema.org ClaimReview that claimflow writes (see toClaimReview); JSON-LD may carry more. */
@ApiSchema({ name: 'ClaimReview', description: 'schema.org ClaimReview (JSON-LD)' })
export class ClaimReviewSchema {
  @ApiProperty({ name: '@context', enum: ['https://schema.org'] }) context: string;
  @ApiProperty({ name: '@type', enum: ['ClaimReview'] }) type: string;
  @ApiProperty() url: string;
  @ApiProperty() claimReviewed: string;
  @ApiProperty({ format: 'date-time' }) datePublished: string;
  @ApiProperty() inLanguage: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '{ "@type": "Organization", name }' })
  author: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true }) publisher: Record<string, unknown>;
  @ApiProperty({ required: false }) reviewBody?: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: '{ "@type": "Rating", ratingValue 1..5, bestRating 5, worstRating 1, alternateName: the verdict rating }',
  })
  reviewRating: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The Claim reviewed, with where it appeared' })
  itemReviewed: Record<string, unknown>;
}

/** A 200 answer of ClaimReview JSON-LD (served as application/ld+json, also readable as JSON). */
export function ApiClaimReviewResponse(description: string) {
  const schema = { $ref: getSchemaPath(ClaimReviewSchema) };
  return applyDecorators(
    ApiProduces('application/ld+json'),
    ApiExtraModels(ClaimReviewSchema),
    ApiOkResponse({ description, content: { 'application/ld+json': { schema }, 'application/json': { schema } } }),
  );
}
