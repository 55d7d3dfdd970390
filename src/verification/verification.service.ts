import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import { ArticleRepository } from '../articles/article.repository';
import { ClaimWorkflow } from '../claims/claim-workflow.service';
import { ReviewTaskRepository } from '../review-tasks/review-task.repository';
import { reviewPriority } from '../review-tasks/review-priority';

@Injectable()
export class VerificationService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly workflow: ClaimWorkflow,
    private readonly articles: ArticleRepository,
    private readonly tasks: ReviewTaskRepository,
  ) {}

  /**
   * pending -> verifying -> needs_review with an open review task. Idempotent: a claim already past
   * `verifying` is left alone; one left in `verifying` by a crash is picked up where it stopped.
   */
  async verifyClaim(claimId: string): Promise<'verified' | 'skipped'> {
    const started = await this.tx.run(async () => {
      const claim = await this.workflow.lock(claimId);
      if (claim?.status === 'pending') return this.workflow.transition(claim, 'verifying');
      return claim?.status === 'verifying' ? claim : null;
    });
    if (!started) return 'skipped';

    return this.tx.run(async () => {
      const claim = await this.workflow.lock(claimId);
      if (!claim || claim.status !== 'verifying') return 'skipped';
      const article = await this.articles.findSummary(claim.article_id);
      await this.workflow.transition(claim, 'needs_review');
      await this.tasks.open({
        claimId,
        priority: reviewPriority(claim.checkworthiness, article?.urgency ?? 0),
        language: claim.language,
        suggestions: [],
      });
      return 'verified';
    });
  }
}
