export const WEBHOOK_EVENT_TYPES = [
  'article.claims_extracted',
  'claim.status_changed',
  'claim.verified',
  'article.completed',
  'article.failed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
