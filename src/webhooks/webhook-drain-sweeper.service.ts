import { Injectable } from '@nestjs/common';
import { PeriodicTask } from '../common/periodic-task';
import { TransactionHost } from '../database/transaction-host';
import { OutboxRepository } from '../queue/outbox.repository';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { wakeEndpoints } from './webhook-event-recorder';

const SWEEP_MS = 10_000;
/** Overdue by this much, a delivery nobody holds was missed by its wake-up (every drain loop looks at least this often). */
const OVERDUE_MS = 15_000;
const ENDPOINTS_PER_SWEEP = 1000;

/**
 * Wakes endpoints whose due deliveries nobody drains: a drainer crashed holding the endpoint's gate
 * (a wake-up then only marked it dirty; the gate opens when its lease lapses), or a wake-up job was
 * lost with Redis. A wake-up of an endpoint being drained costs one Redis call.
 */
@Injectable()
export class WebhookDrainSweeper extends PeriodicTask {
  constructor(
    private readonly tx: TransactionHost,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly outbox: OutboxRepository,
  ) {
    super(WebhookDrainSweeper.name, SWEEP_MS, 'webhook drain sweep failed');
  }

  protected async tick(): Promise<void> {
    await this.sweep();
  }

  /** The number of endpoints woken. */
  async sweep(overdueMs = OVERDUE_MS): Promise<number> {
    const overdue = await this.deliveries.overdueEndpoints(overdueMs, ENDPOINTS_PER_SWEEP);
    if (overdue.length === 0) return 0;
    await this.tx.run(() =>
      wakeEndpoints(
        this.outbox,
        overdue.map((row) => ({ endpointId: row.endpoint_id, deliveryId: row.id })),
      ),
    );
    return overdue.length;
  }
}
