import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import { type OutboxJob, OutboxRepository } from '../queue/outbox.repository';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import type { WebhookEventType } from './webhook-event-types';
import { newEventId, uuidv7 } from './webhook-ids';
import { NewWebhookDelivery, NewWebhookEvent } from './webhook.entity';

export interface RecordedEvent {
  newsroomId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
  occurredAt?: Date;
}

/** The exact bytes every attempt of an event sends (and signs): serialised once, when recorded. */
export function eventBody(type: WebhookEventType, occurredAt: Date, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: occurredAt.toISOString(), data });
}

/**
 * Records webhook events in the caller's transaction, so the change and its events commit (or roll
 * back) together: one event row, one delivery per subscribed endpoint and one outbox row per
 * endpoint (a wake-up of its drain). Newsrooms without a subscribed endpoint cost one indexed query and no writes.
 */
@Injectable()
export class WebhookEventRecorder {
  constructor(
    private readonly tx: TransactionHost,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
  ) {}

  async record(events: RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.tx.run(async () => {
      const subscribers = await this.endpoints.subscribers([...new Set(events.map((event) => event.newsroomId))]);
      if (subscribers.length === 0) return;
      const rows: NewWebhookEvent[] = [];
      const deliveries: NewWebhookDelivery[] = [];
      for (const event of events) {
        const targets = subscribers.filter((endpoint) => endpoint.newsroom_id === event.newsroomId && endpoint.events.includes(event.type));
        if (targets.length === 0) continue;
        const occurredAt = event.occurredAt ? new Date(event.occurredAt) : new Date();
        const id = newEventId();
        rows.push({ id, newsroomId: event.newsroomId, type: event.type, occurredAt, body: eventBody(event.type, occurredAt, event.data) });
        for (const endpoint of targets) deliveries.push({ id: uuidv7(), eventId: id, endpointId: endpoint.id });
      }
      if (rows.length === 0) return;
      const wakeUps = endpointWakeUps(deliveries.map((delivery) => ({ endpointId: delivery.endpointId, deliveryId: delivery.id })));
      await this.deliveries.insertEventsWithDeliveries(rows, deliveries, wakeUps);
    });
  }
}

/** Rows per outbox INSERT, well under Postgres' 65535 bind parameters (5 per row). */
const OUTBOX_CHUNK = 5000;

/** Writes wake-ups to the outbox, in the caller's transaction (in chunks, for a recovery of many endpoints). */
export async function wakeEndpoints(outbox: OutboxRepository, jobs: OutboxJob<'drain-webhook-endpoint'>[]): Promise<void> {
  for (let start = 0; start < jobs.length; start += OUTBOX_CHUNK) await outbox.add(jobs.slice(start, start + OUTBOX_CHUNK));
}

/** One wake-up per endpoint of these new delivery rounds, named by the endpoint's first delivery given. */
export function endpointWakeUps(deliveries: Array<{ endpointId: string; deliveryId: string }>): OutboxJob<'drain-webhook-endpoint'>[] {
  const first = new Map<string, string>();
  for (const { endpointId, deliveryId } of deliveries) if (!first.has(endpointId)) first.set(endpointId, deliveryId);
  return [...first].map(([endpointId, wakeId]) => ({ name: 'drain-webhook-endpoint', payload: { endpointId, wakeId } }));
}

/** Wake-ups with ids of their own (a sweep, a handoff), so none is taken for one already in the queue's hands. */
export function freshWakeUps(endpointIds: string[], delayMs = 0): OutboxJob<'drain-webhook-endpoint'>[] {
  return endpointIds.map((endpointId) => ({ name: 'drain-webhook-endpoint', payload: { endpointId, wakeId: uuidv7() }, delayMs }));
}
