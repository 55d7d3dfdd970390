import { Module } from '@nestjs/common';
import { ArticlesCoreModule } from '../articles/articles-core.module';
import { ClaimsModule } from '../claims/claims.module';
import { ReviewTaskRepository } from '../review-tasks/review-task.repository';
import { VerificationProcessor } from './verification.processor';
import { VerificationService } from './verification.service';

@Module({
  imports: [ArticlesCoreModule, ClaimsModule],
  providers: [VerificationService, VerificationProcessor, ReviewTaskRepository],
})
export class VerificationWorkerModule {}
