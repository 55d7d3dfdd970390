import { Module } from '@nestjs/common';
import { ArticlesCoreModule } from '../articles/articles-core.module';
import { ClaimsModule } from '../claims/claims.module';
import { WebhooksDataModule } from '../webhooks/webhooks.module';
import { WorkRecovery } from './work-recovery.service';

/** Re-queues work whose job was lost (worker process). */
@Module({ imports: [ArticlesCoreModule, ClaimsModule, WebhooksDataModule], providers: [WorkRecovery], exports: [WorkRecovery] })
export class RecoveryModule {}
