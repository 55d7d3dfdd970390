import { Module } from '@nestjs/common';
import { OutboxModule, QueueModule } from '../queue/queue.module';
import { ClaimCountsRepository } from './claim-counts.repository';
import { MetricsController } from './metrics.controller';
import { OutboxMetrics } from './outbox-metrics';
import { QueueMetrics } from './queue-metrics';

/** GET /metrics of the API process: HTTP figures, the outbox, queue depths and claims per status. */
@Module({
  imports: [OutboxModule, QueueModule],
  controllers: [MetricsController],
  providers: [OutboxMetrics, QueueMetrics, ClaimCountsRepository],
})
export class MetricsModule {}
