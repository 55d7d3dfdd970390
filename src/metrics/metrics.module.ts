import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { OutboxMetrics } from './outbox-metrics';

@Module({ controllers: [MetricsController], providers: [OutboxMetrics] })
export class MetricsModule {}
