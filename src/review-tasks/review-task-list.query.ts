import { IsIn, ValidateBy } from 'class-validator';
import { PageCursor, PageLimit } from '../common/pagination';
import { isLanguageTag } from '../common/validators';
import { REVIEW_TASK_STATUSES, type ReviewTaskStatus } from '../workflow/review-task.entity';
import { primarySubtag } from './language-match';

/** GET /v1/review-tasks query (QueryPipe: checked in this order, the first failing field answers 400). */
export class ReviewTaskListQuery {
  @IsIn(REVIEW_TASK_STATUSES, { message: `status must be one of ${REVIEW_TASK_STATUSES.join(', ')}` })
  status: ReviewTaskStatus = 'open';

  @PageLimit(50)
  limit: number;

  /** BCP 47 tags, comma-separated; absent or empty: any language. */
  @ValidateBy(
    {
      name: 'languageList',
      validator: {
        validate: (value: unknown) =>
          value === undefined || value === '' || (typeof value === 'string' && value.split(',').every((tag) => isLanguageTag(tag.trim()))),
      },
    },
    { message: 'language must be a BCP 47 tag or a comma-separated list of them' },
  )
  language?: string;

  /** A nextCursor of an earlier page, decoded (and its signature checked) by the service. */
  @PageCursor()
  cursor?: string;
}

/** The primary subtags a list is filtered on, or null for any language. */
export function languageFilter(query: ReviewTaskListQuery): string[] | null {
  if (!query.language) return null;
  return [...new Set(query.language.split(',').map((tag) => primarySubtag(tag.trim())))];
}
