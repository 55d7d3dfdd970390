import { ApiProperty, ApiSchema } from '@nestjs/swagger';

/** A prior fact-check or an external review found for a task's claim (ReviewTask.suggestions). */
@ApiSchema({ name: 'Suggestion' })
export class SuggestionSchema {
  @ApiProperty({ description: 'Where it came from: "prior_fact_check" (the library) or an evidence provider' }) source: string;
  @ApiProperty({ nullable: true, type: String }) factCheckId: string | null;
  @ApiProperty() claimText: string;
  @ApiProperty() rating: string;
  @ApiProperty({ enum: ['supports', 'refutes', 'context'] }) stance: string;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ nullable: true, type: String }) publisher: string | null;
  @ApiProperty({ minimum: 0, maximum: 1 }) score: number;
}
