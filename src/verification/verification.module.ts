import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ClaimsModule } from '../claims/claims.module';
import { FactChecksCoreModule } from '../fact-checks/fact-checks.module';
import { ReviewTasksCoreModule } from '../review-tasks/review-tasks-core.module';
import { ClusterWorkflowModule } from '../clusters/clusters.module';
import { EVIDENCE_PROVIDERS, EvidenceProvider } from './evidence-provider';
import { FactCheckLibraryProvider } from './providers/fact-check-library.provider';
import { GoogleFactCheckProvider } from './providers/google-fact-check.provider';
import { QueueModule } from '../queue/queue.module';
import { VerificationProcessor } from './verification.processor';
import { VerificationService } from './verification.service';

/** Providers enabled by config: the library always; Google Fact Check Tools when it has an API key. */
export function enabledProviders(
  config: AppConfig,
  library: FactCheckLibraryProvider,
  google: GoogleFactCheckProvider,
): EvidenceProvider[] {
  return [library, ...(config.googleFactCheckApiKey ? [google] : [])];
}

@Module({
  // QueueModule: the processor enqueues a batch's failed articles alone (it finds the queues by name).
  imports: [WorkflowModule, ClaimsModule, FactChecksCoreModule, ReviewTasksCoreModule, ClusterWorkflowModule, QueueModule],
  providers: [
    VerificationService,
    VerificationProcessor,
    FactCheckLibraryProvider,
    GoogleFactCheckProvider,
    { provide: EVIDENCE_PROVIDERS, inject: [APP_CONFIG, FactCheckLibraryProvider, GoogleFactCheckProvider], useFactory: enabledProviders },
  ],
})
export class VerificationWorkerModule {}
