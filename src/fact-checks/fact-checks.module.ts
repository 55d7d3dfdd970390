import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { AuthDataModule } from '../auth/auth.module';
import { ClaimsModule } from '../claims/claims.module';
import { ClaimReviewController } from './claim-review.controller';
import { ClaimReviewService } from './claim-review.service';
import { FactCheckLibrary } from './fact-check-library.service';
import { FactCheckRepository } from './fact-check.repository';
import { FactChecksController } from './fact-checks.controller';
import { FactChecksService } from './fact-checks.service';
import { LibraryTrustController } from './library-trust.controller';
import { LibraryTrustRepository } from './library-trust.repository';

/** The library (import, matching) without HTTP: used by verification and by verdicts. */
@Module({ providers: [FactCheckRepository, FactCheckLibrary], exports: [FactCheckRepository, FactCheckLibrary] })
export class FactChecksCoreModule {}

@Module({
  imports: [FactChecksCoreModule, WorkflowModule, ClaimsModule, AuthDataModule],
  controllers: [FactChecksController, ClaimReviewController, LibraryTrustController],
  providers: [FactChecksService, ClaimReviewService, LibraryTrustRepository],
})
export class FactChecksModule {}
