import type { Type } from '@nestjs/common';
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

/** The body of every error answer (Nest's shape): validation failures list one message per field. */
@ApiSchema({ name: 'Error' })
export class ErrorResponse {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'What is wrong; a list for validation failures (one entry per offending field)',
  })
  message: string | string[];
  @ApiProperty({ required: false, example: 'Bad Request' }) error?: string;
}

/** `{ items, nextCursor }` of `item`, as a named component schema (e.g. `ArticlePage`). */
export function PageOf<T>(item: Type<T>, name: string): Type<{ items: T[]; nextCursor: string | null }> {
  @ApiSchema({ name })
  class Page {
    @ApiProperty({ type: [item] }) items: T[];
    @ApiProperty({ nullable: true, type: String, description: 'Pass as ?cursor= for the next page; null on the last one' })
    nextCursor: string | null;
  }
  return Page;
}
