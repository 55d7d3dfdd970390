import type { WebhookEventType } from './webhook-event-types';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';
export const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'delivered', 'failed'];

export interface WebhookEndpointRow {
  id: string;
  newsroom_id: string;
  url: string;
  description: string | null;
  events: WebhookEventType[];
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  failing_since: Date | null;
  deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A delivery joined with its event's type (the log shows both). */
export interface WebhookDeliveryRow {
  id: string;
  event_id: string;
  endpoint_id: string;
  type: WebhookEventType;
  status: DeliveryStatus;
  attempts: number;
  round: number;
  round_attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** What one attempt needs, returned by the UPDATE that claims and counts it. */
export interface ClaimedDelivery {
  id: string;
  event_id: string;
  endpoint_id: string;
  round: number;
  round_attempts: number;
  url: string;
  /** Sealed (see webhook-secrets.ts). */
  secret: string;
  previous_secret: string | null;
  body: string;
  occurred_at: Date;
}

export interface NewWebhookEvent {
  id: string;
  newsroomId: string;
  type: WebhookEventType;
  body: string;
  occurredAt: Date;
}

export interface NewWebhookDelivery {
  id: string;
  eventId: string;
  endpointId: string;
}
