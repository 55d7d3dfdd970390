import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { isolateFailures, retryAlone } from '../queue/job-batch';
import { JobHandlers, JobProcessor } from '../queue/job-processor';
import { QueueDirectory } from '../queue/queue-directory';
import { QUEUE } from '../queue/queue.registry';
import { VerificationService } from './verification.service';

@Injectable()
export class VerificationProcessor extends JobProcessor {
  readonly queue = QUEUE.verification;
  private readonly logger = new Logger(VerificationProcessor.name);

  protected readonly handlers: JobHandlers = {
    'verify-claim': ({ claimId }) => this.verification.verifyClaims([claimId]),
    'verify-claims': ({ claimIds }) => this.verification.verifyClaims(claimIds),
    // Several articles' claims as one batch; an article whose claims fail on their own is retried alone, as a 'verify-claims' job.
    'verify-claims-batch': async ({ jobs }) => {
      const failed = await isolateFailures(
        jobs,
        async (all) => void (await this.verification.verifyClaims(all.flatMap((job) => job.claimIds))),
        async (one) => void (await this.verification.verifyClaims(one.claimIds)),
      );
      for (const { item, error } of failed)
        this.logger.warn(`verification of article ${item.articleId} failed in its batch, retried alone: ${error.message}`);
      await retryAlone(
        this.queues,
        this.config,
        'verify-claims',
        failed.map(({ item }) => item),
      );
      return { articles: jobs.length, retriedAlone: failed.length };
    },
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly verification: VerificationService,
    private readonly queues: QueueDirectory,
  ) {
    super();
  }
}
