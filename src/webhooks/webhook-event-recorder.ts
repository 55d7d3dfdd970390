import { Injectable } from '@nestjs/common';
import type { WebhookEventType } from './webhook-event-types';

export interface RecordedEvent {
  newsroomId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
  occurredAt?: Date;
}

/**
 * Records webhook events in the caller's transaction (the change and its event commit together).
 * Placeholder until the webhooks feature lands: accepts events and stores nothing.
 */
@Injectable()
export class WebhookEventRecorder {
  async record(events: RecordedEvent[]): Promise<void> {
    void events;
  }
}
