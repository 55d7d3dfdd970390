import { PageCursor, PageLimit } from '../common/pagination';
import { FilterOneOf } from '../common/query-rules';
import { ARTICLE_STATUSES, type ArticleStatus } from '../workflow/article-status';

/** GET /v1/articles query (QueryPipe: checked in this order, the first failing field answers 400). */
export class ArticleListQuery {
  @PageLimit(50)
  limit: number;

  /** Absent or empty: every status. */
  @FilterOneOf(ARTICLE_STATUSES)
  status?: ArticleStatus | '';

  /** A nextCursor of an earlier page, decoded (and its signature checked) by the service. */
  @PageCursor()
  cursor?: string;
}
