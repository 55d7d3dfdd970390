import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { VERDICT_RATINGS } from '../workflow/verdict-rating';
import { CLAIM_STATUSES } from '../workflow/claim-status';

/** Response schemas of the claim objects (what the presenters in claim.presenter.ts produce). */

@ApiSchema({ name: 'Verdict' })
export class VerdictSchema {
  @ApiProperty({ enum: VERDICT_RATINGS }) rating: string;
  @ApiProperty({ nullable: true, type: String }) summary: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewerId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt: string | null;
}

@ApiSchema({ name: 'Evidence' })
export class EvidenceSchema {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String }) excerpt: string | null;
  @ApiProperty({ enum: ['supports', 'refutes', 'context'] }) stance: string;
  @ApiProperty({ description: '"reviewer" for reviewers\' evidence, else the provider (e.g. "prior_fact_check")' }) source: string;
  @ApiProperty({ nullable: true, type: Number, description: "A provider's match score 0..1; null for reviewers' evidence" })
  score: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ApiSchema({ name: 'ClaimContext' })
export class ClaimContextSchema {
  @ApiProperty({ description: 'Text just before the claim in the article' }) before: string;
  @ApiProperty({ description: 'Text just after the claim in the article' }) after: string;
}

@ApiSchema({ name: 'Claim' })
export class ClaimSchema {
  @ApiProperty() id: string;
  @ApiProperty() articleId: string;
  @ApiProperty() text: string;
  @ApiProperty({ description: "Offset of the claim's first character in the article's plain text" }) start: number;
  @ApiProperty({ description: 'Offset just past its last character: text === article.text.slice(start, end)' }) end: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) checkworthiness: number;
  @ApiProperty({ enum: CLAIM_STATUSES }) status: string;
  @ApiProperty({ description: 'Increases with every status change (the history event and webhook carry it)' }) version: number;
  @ApiProperty({ nullable: true, type: String }) language: string | null;
  @ApiProperty({ type: ClaimContextSchema }) context: ClaimContextSchema;
  @ApiProperty({ type: VerdictSchema, nullable: true }) verdict: VerdictSchema | null;
  @ApiProperty({ type: [EvidenceSchema] }) evidence: EvidenceSchema[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

@ApiSchema({ name: 'ClaimEvent' })
export class ClaimEventSchema {
  @ApiProperty({ enum: CLAIM_STATUSES, nullable: true, type: String, description: 'null on the first event' }) from: string | null;
  @ApiProperty({ enum: CLAIM_STATUSES }) to: string;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ nullable: true, type: String, description: 'Who made the change (newsroom or reviewer id); null for the system' })
  actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

@ApiSchema({ name: 'ClaimWithHistory' })
export class ClaimWithHistorySchema extends ClaimSchema {
  @ApiProperty({ type: [ClaimEventSchema], description: 'Status history, oldest first' }) events: ClaimEventSchema[];
}
