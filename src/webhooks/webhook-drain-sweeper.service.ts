import { Injectable } from '@nestjs/common';
import { PeriodicTask } from '../common/periodic-task';
import { TransactionHost } from '../database/transaction-host';
import { OutboxRepository } from '../queue/outbox.repository';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { freshWakeUps, wakeEndpoints } from './webhook-event-recorder';

const SWEEP_MS = 10_000;
/** Due this long and held by no attempt, a delivery may have missed its wake-up (in a backlog being drained: a coalesced one). */
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
    await this.tx.run(() => wakeEndpoints(this.outbox, freshWakeUps(overdue)));
    return overdue.length;
  }
}
