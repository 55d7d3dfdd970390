import { Histogram } from 'prom-client';
import { metricsRegistry } from '../common/metrics-registry';

/** From the event's `occurred_at` (recorded with the change) to its 2xx answer, per delivered attempt. */
export const webhookEventToDelivery = new Histogram({
  name: 'claimflow_webhook_event_to_delivery_seconds',
  help: 'Seconds from a webhook event being recorded to a delivery of it answered 2xx (retries included)',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 7200, 86400],
  registers: [metricsRegistry],
});
