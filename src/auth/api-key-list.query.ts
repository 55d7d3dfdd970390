import { PageCursor, PageLimit } from '../common/pagination';
import { FilterUuid } from '../common/query-rules';

/** GET /v1/admin/api-keys query (QueryPipe: checked in this order, the first failing field answers 400). */
export class ApiKeyListQuery {
  /** A newsroom or reviewer id; absent or empty: every owner. */
  @FilterUuid()
  ownerId?: string;

  @PageLimit(50)
  limit: number;

  /** A nextCursor of an earlier page, decoded (and its signature checked) by the service. */
  @PageCursor()
  cursor?: string;
}
