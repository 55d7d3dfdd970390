import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionHost } from '../database/transaction-host';
import { ArticleRepository } from '../workflow/article.repository';
import { AuthRepository } from '../auth/auth.repository';
import { ArticleWorkflow } from '../workflow/article-workflow.service';
import { initialClaimStatus } from '../workflow/claim-status';
import { ClaimRepository } from '../workflow/claim.repository';
import { statusChangedEvent } from '../workflow/claim-workflow.service';
import { OutboxRepository } from '../queue/outbox.repository';
import { WebhookEventRecorder } from '../webhooks/webhook-event-recorder';
import { ClusterAssignment } from '../clusters/cluster-assignment.service';
import type { ArticleStatus } from '../workflow/article-status';
import { ExtractionPool, ExtractionTimeoutError } from './extraction-pool';
import type { ExtractTaskResult } from './extraction-task';

const EXTRACTABLE: readonly ArticleStatus[] = ['received', 'extracting'];

@Injectable()
export class ExtractionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly articles: ArticleRepository,
    private readonly articleWorkflow: ArticleWorkflow,
    private readonly claims: ClaimRepository,
    private readonly outbox: OutboxRepository,
    private readonly events: WebhookEventRecorder,
    private readonly clusterAssignment: ClusterAssignment,
    private readonly newsrooms: AuthRepository,
    private readonly pool: ExtractionPool,
  ) {}

  /**
   * Splits an article into scored claims. The text work runs on an extraction thread with no
   * transaction open; then one transaction that holds the article row stores the claims, their events
   * and their verification job together with the article's move through `extracting`, or nothing.
   * Safe to run any number of times: a retried or duplicated job finds the article past `extracting`
   * and stops. An article whose extraction exceeds EXTRACTION_TIME_LIMIT_MS ends `failed` at once (it
   * would time out again on every retry). Claims past MAX_CLAIMS_PER_ARTICLE are not extracted; the
   * `extracting` history entry and the claims_extracted event say how many were left out.
   */
  async extractArticle(articleId: string): Promise<'extracted' | 'skipped' | 'failed'> {
    const unlocked = await this.articles.find(articleId);
    if (!unlocked || !EXTRACTABLE.includes(unlocked.status)) return 'skipped';
    let result: ExtractTaskResult;
    try {
      const newsroom = await this.newsrooms.findNewsroom(unlocked.newsroom_id);
      result = await this.pool.extract({
        text: unlocked.text,
        language: unlocked.language ?? undefined,
        withText: false,
        threshold: newsroom?.checkworthy_threshold ?? undefined,
      });
    } catch (error) {
      if (!(error instanceof ExtractionTimeoutError)) throw error;
      await this.markFailed(articleId, error.message);
      return 'failed';
    }
    const claimsOmitted = result.totalClaims - result.claims.length;
    return this.tx.run(async () => {
      const article = await this.articles.lock(articleId);
      if (!article || !EXTRACTABLE.includes(article.status)) return 'skipped';
      if (article.status === 'received') {
        await this.articleWorkflow.moveTo(article, 'extracting', {
          detectedLanguage: result.language,
          ...(claimsOmitted > 0 ? { claimsOmitted, maxClaimsPerArticle: this.config.maxClaimsPerArticle } : {}),
        });
      }
      const planned = result.claims.map((claim, seq) => ({
        id: randomUUID(),
        articleId,
        newsroomId: article.newsroom_id,
        seq,
        text: claim.text,
        start: claim.start,
        end: claim.end,
        checkworthiness: claim.checkworthiness,
        language: result.language,
        contextBefore: claim.contextBefore,
        contextAfter: claim.contextAfter,
        status: initialClaimStatus(claim.checkworthy),
        clusterId: null as string | null,
      }));
      // Every claim that enters the workflow belongs to a cluster from its first status on.
      const entering = planned.filter((claim) => claim.status === 'pending');
      const clusterIds = await this.clusterAssignment.assign(entering);
      entering.forEach((claim, index) => (claim.clusterId = clusterIds[index]));
      const inserted = await this.claims.insertWithInitialEvents(planned);
      const pending = inserted.filter((claim) => claim.status === 'pending');
      await this.events.record([
        ...inserted.map((claim) => statusChangedEvent(claim, null)),
        {
          newsroomId: article.newsroom_id,
          type: 'article.claims_extracted',
          data: {
            articleId,
            language: result.language,
            claimCount: inserted.length,
            checkworthyCount: pending.length,
            ...(claimsOmitted > 0 ? { claimsOmitted } : {}),
          },
        },
      ]);
      if (pending.length > 0) {
        await this.outbox.add([{ name: 'verify-claims', payload: { articleId, claimIds: pending.map((claim) => claim.id) } }]);
      }
      // Every claim of the article was inserted just now, unless an earlier run left some (then read them).
      await this.articleWorkflow.rollUp(article, inserted.length === planned.length ? inserted.map((claim) => claim.status) : undefined);
      return 'extracted';
    });
  }

  /** Ends the article `failed` once its extraction job has used every retry. */
  async markFailed(articleId: string, reason: string): Promise<void> {
    await this.tx.run(async () => {
      const locked = await this.articles.lock(articleId);
      if (locked && EXTRACTABLE.includes(locked.status))
        await this.articleWorkflow.moveTo(locked, 'failed', { reason: reason.slice(0, 1000) });
    });
  }
}
