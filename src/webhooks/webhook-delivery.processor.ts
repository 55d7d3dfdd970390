import { Processor } from '@nestjs/bullmq';
import { UnrecoverableError } from 'bullmq';
import { JobHandlers, JobProcessor } from '../queue/job-processor';
import { QUEUE } from '../queue/queue.registry';

@Processor(QUEUE.webhooks)
export class WebhookDeliveryProcessor extends JobProcessor {
  readonly queue = QUEUE.webhooks;

  protected readonly handlers: JobHandlers = {
    'deliver-webhook': async ({ deliveryId }) => {
      throw new UnrecoverableError(`webhook delivery ${deliveryId}: sender not configured`);
    },
  };
}
