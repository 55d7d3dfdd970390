import { PageCursor, PageLimit } from '../common/pagination';
import { FilterOneOf } from '../common/query-rules';
import { DELIVERY_STATUSES, type DeliveryStatus } from './webhook.entity';

/** GET /v1/webhooks query (QueryPipe: checked in this order, the first failing field answers 400). */
export class WebhookListQuery {
  @PageLimit(50)
  limit: number;

  /** A nextCursor of an earlier page, decoded (and its signature checked) by the service. */
  @PageCursor()
  cursor?: string;
}

/** GET /v1/webhooks/:id/deliveries query, checked in this order. */
export class DeliveryListQuery {
  @PageLimit(50)
  limit: number;

  /** Absent or empty: every status. */
  @FilterOneOf(DELIVERY_STATUSES)
  status?: DeliveryStatus | '';

  @PageCursor()
  cursor?: string;
}
