import { Inject, Injectable, Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { isInfrastructureError } from '../database/infrastructure-error';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { retryAlone } from '../queue/job-batch';
import { JobHandlers, JobProcessor } from '../queue/job-processor';
import { QueueDirectory } from '../queue/queue-directory';
import { QUEUE } from '../queue/queue.registry';
import { ExtractionService } from './extraction.service';

@Injectable()
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
    // A batch relayed from a backlog: articles that fail on their own are retried alone, as 'extract-article' jobs.
    'extract-articles': async ({ jobs }) => {
      const failed = await this.extraction.extractArticles(jobs.map((job) => job.articleId));
      for (const { articleId, error } of failed)
        this.logger.warn(`extraction of article ${articleId} failed in its batch, retried alone: ${error.message}`);
      await retryAlone(
        this.queues,
        this.config,
        'extract-article',
        failed.map(({ articleId }) => ({ articleId })),
      );
      return { articles: jobs.length, retriedAlone: failed.length };
    },
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly extraction: ExtractionService,
    private readonly queues: QueueDirectory,
  ) {
    super();
  }
}

export function isFinalAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
