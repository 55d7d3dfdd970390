import { Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { isInfrastructureError } from '../database/infrastructure-error';
import { JobHandlers, JobProcessor } from '../queue/job-processor';
import { QUEUE } from '../queue/queue.registry';
import { ExtractionService } from './extraction.service';

@Processor(QUEUE.extraction, { autorun: false })
export class ExtractionProcessor extends JobProcessor {
  readonly queue = QUEUE.extraction;
  private readonly logger = new Logger(ExtractionProcessor.name);

  protected readonly handlers: JobHandlers = {
    'extract-article': async ({ articleId }, job) => {
      try {
        return await this.extraction.extractArticle(articleId);
      } catch (error) {
        // An outage is postponed by JobProcessor without using an attempt: never a reason to give up.
        if (isFinalAttempt(job) && !isInfrastructureError(error)) {
          this.logger.error(`extraction of article ${articleId} gave up: ${(error as Error).message}`);
          await this.extraction.markFailed(
            articleId,
            `extraction failed after ${job.attemptsMade + 1} attempts: ${(error as Error).message}`,
          );
        }
        throw error;
      }
    },
  };

  constructor(private readonly extraction: ExtractionService) {
    super();
  }
}

export function isFinalAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
