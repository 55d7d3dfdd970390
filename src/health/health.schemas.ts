import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'Liveness' })
export class LivenessSchema {
  @ApiProperty({ enum: ['ok'] }) status: string;
}

@ApiSchema({ name: 'DependencyChecks' })
export class DependencyChecksSchema {
  @ApiProperty({ enum: ['up', 'down'] }) postgres: string;
  @ApiProperty({ enum: ['up', 'down'] }) redis: string;
}

@ApiSchema({ name: 'Readiness' })
export class ReadinessSchema {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status: string;
  @ApiProperty({ type: DependencyChecksSchema }) checks: DependencyChecksSchema;
}
