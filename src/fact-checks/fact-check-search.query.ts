import { IsOptional, ValidateBy } from 'class-validator';
import { PageLimit } from '../common/pagination';
import { IsLanguageTag } from '../common/validators';

export const MAX_QUERY_LENGTH = 2000;

/** GET /v1/fact-checks/search query (QueryPipe: checked in this order, the first failing field answers 400). */
export class FactCheckSearchQuery {
  @ValidateBy(
    { name: 'notPaged', validator: { validate: (value: unknown) => value === undefined } },
    { message: 'cursor is not accepted: search is not paged' },
  )
  cursor?: undefined;

  @ValidateBy(
    {
      name: 'searchText',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_QUERY_LENGTH,
      },
    },
    { message: `q must be a string of 1 to ${MAX_QUERY_LENGTH} characters` },
  )
  q: string;

  @IsOptional()
  @IsLanguageTag()
  language?: string;

  @PageLimit(10)
  limit: number;
}
