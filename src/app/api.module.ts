import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module';
import { AuthModule } from '../auth/auth.module';
import { ClaimsModule } from '../claims/claims.module';
import { ConsoleModule } from '../console/console.module';
import { ExtractionApiModule } from '../extraction/extraction.module';
import { HealthModule } from '../health/health.module';
import { MetricsModule } from '../metrics/metrics.module';
import { WebhooksApiModule } from '../webhooks/webhooks.module';
import { FactChecksModule } from '../fact-checks/fact-checks.module';
import { ReviewTasksModule } from '../review-tasks/review-tasks.module';
import { ClustersApiModule } from '../clusters/clusters.module';
import { RateLimitsModule } from '../rate-limits/rate-limits.module';
import { QueueBoardModule } from '../queue-board/queue-board.module';
import { CoreModule } from './core.module';

/**
 * The HTTP API. It writes work to Postgres only (it reaches Redis through the outbox relay); Redis is
 * read for the queue gauges of /metrics and by the admins' queue board.
 */
@Module({
  imports: [
    CoreModule,
    AuthModule,
    ArticlesModule,
    ClaimsModule,
    ExtractionApiModule,
    HealthModule,
    MetricsModule,
    WebhooksApiModule,
    FactChecksModule,
    ReviewTasksModule,
    ClustersApiModule,
    RateLimitsModule,
    ConsoleModule,
    QueueBoardModule,
  ],
})
export class ApiModule {}
