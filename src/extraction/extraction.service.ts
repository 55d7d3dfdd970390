import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionHost } from '../database/transaction-host';
import { ArticleRepository } from '../workflow/article.repository';
import { ArticleWorkflow } from '../workflow/article-workflow.service';
import { initialClaimStatus } from '../workflow/claim-status';
import { ClaimRepository } from '../workflow/claim.repository';
import { statusChangedEvent } from '../workflow/claim-workflow.service';
import { OutboxRepository } from '../queue/outbox.repository';
import { WebhookEventRecorder } from '../webhooks/webhook-event-recorder';
import { ClusterAssignment } from '../workflow/cluster-assignment.service';
import type { ArticleStatus } from '../workflow/article-status';
import type { ArticleRow } from '../workflow/article.entity';
import { isolateFailures } from '../queue/job-batch';
import { ExtractionPool, ExtractionTimeoutError } from './extraction-pool';
import type { ExtractTaskResult } from './extraction-task';

const EXTRACTABLE: readonly ArticleStatus[] = ['received', 'extracting'];

export type ExtractionOutcome = 'extracted' | 'skipped' | 'failed';
interface Prepared {
  kind: 'ready';
  article: ArticleRow;
  result: ExtractTaskResult;
}
type PrepareResult =
  Prepared | { kind: 'done'; articleId: string; outcome: ExtractionOutcome } | { kind: 'error'; articleId: string; error: Error };

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
  async extractArticle(articleId: string): Promise<ExtractionOutcome> {
    const [prepared] = await this.prepare([articleId]);
    if (prepared.kind === 'error') throw prepared.error;
    if (prepared.kind === 'done') return prepared.outcome;
    return (await this.tx.run(() => this.store([prepared])))[0];
  }

  /**
   * Several articles (an 'extract-articles' batch) as extractArticle does one, with one transaction
   * and a handful of statements for all of them: the text work runs on the threads in parallel, then
   * the claims, events, history rows and jobs of every article are written set-wise. If the batch's
   * transaction fails, each article is stored alone, so one bad article never fails the others.
   * Returns the articles that failed on their own (the caller retries each alone).
   */
  async extractArticles(articleIds: string[]): Promise<Array<{ articleId: string; error: Error }>> {
    const prepared = await this.prepare(articleIds);
    const ready = prepared.filter((item): item is Prepared => item.kind === 'ready');
    const failed = await isolateFailures(
      ready,
      async (all) => void (await this.tx.run(() => this.store(all))),
      async (one) => void (await this.tx.run(() => this.store([one]))),
    );
    return [
      ...prepared.flatMap((item) => (item.kind === 'error' ? [{ articleId: item.articleId, error: item.error }] : [])),
      ...failed.map(({ item, error }) => ({ articleId: item.article.id, error })),
    ];
  }

  /** The text work of each article still to extract, on the extraction threads, no transaction open. */
  private async prepare(articleIds: string[]): Promise<PrepareResult[]> {
    // The newsroom's threshold comes with its articles (one statement before the text work starts).
    const found = new Map((await this.articles.findManyWithThreshold(articleIds)).map((article) => [article.id, article]));
    return Promise.all(
      articleIds.map(async (articleId): Promise<PrepareResult> => {
        const article = found.get(articleId);
        if (!article || !EXTRACTABLE.includes(article.status)) return { kind: 'done', articleId, outcome: 'skipped' };
        try {
          const result = await this.pool.extract({
            text: article.text,
            language: article.language ?? undefined,
            withText: false,
            threshold: article.checkworthy_threshold ?? undefined,
            withClusterLookups: true,
          });
          return { kind: 'ready', article, result };
        } catch (error) {
          if (!(error instanceof ExtractionTimeoutError)) return { kind: 'error', articleId, error: error as Error };
          await this.markFailed(articleId, error.message);
          return { kind: 'done', articleId, outcome: 'failed' };
        }
      }),
    );
  }

  /** Stores the extracted articles that are still extractable once locked, set-wise, in the caller's transaction. */
  private async store(prepared: Prepared[]): Promise<ExtractionOutcome[]> {
    const resultOf = new Map(prepared.map((item) => [item.article.id, item.result]));
    const locked = (await this.articles.lockMany([...resultOf.keys()])).filter((article) => EXTRACTABLE.includes(article.status));
    const omitted = (article: ArticleRow) => resultOf.get(article.id)!.totalClaims - resultOf.get(article.id)!.claims.length;
    const planned = locked.flatMap((article) => {
      const result = resultOf.get(article.id)!;
      return result.claims.map((claim, seq) => ({
        lookup: result.clusterLookups?.[seq] ?? undefined,
        id: randomUUID(),
        articleId: article.id,
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
    });
    // Every claim that enters the workflow belongs to a cluster from its first status on.
    const entering = planned.filter((claim) => claim.status === 'pending');
    const clusterIds = await this.clusterAssignment.assign(entering);
    entering.forEach((claim, index) => (claim.clusterId = clusterIds[index]));
    const inserted = await this.claims.insertWithInitialEvents(planned);
    const insertedOf = (article: ArticleRow) => inserted.filter((claim) => claim.article_id === article.id);
    await this.events.record([
      ...inserted.map((claim) => statusChangedEvent(claim, null)),
      ...locked.map((article) => {
        const claims = insertedOf(article);
        return {
          newsroomId: article.newsroom_id,
          type: 'article.claims_extracted' as const,
          data: {
            articleId: article.id,
            language: resultOf.get(article.id)!.language,
            claimCount: claims.length,
            checkworthyCount: claims.filter((claim) => claim.status === 'pending').length,
            ...(omitted(article) > 0 ? { claimsOmitted: omitted(article) } : {}),
          },
        };
      }),
    ]);
    await this.outbox.add(
      locked.flatMap((article) => {
        const pending = insertedOf(article).filter((claim) => claim.status === 'pending');
        return pending.length > 0
          ? [{ name: 'verify-claims' as const, payload: { articleId: article.id, claimIds: pending.map((claim) => claim.id) } }]
          : [];
      }),
    );
    // Through `extracting` to the status the claims roll up to, in one statement. Every claim of an
    // article was inserted just now, unless an earlier run left some (then they are read).
    const plannedCount = (article: ArticleRow) => resultOf.get(article.id)!.claims.length;
    const omittedReason = (article: ArticleRow) =>
      omitted(article) > 0 ? `claimsOmitted=${omitted(article)} maxClaimsPerArticle=${this.config.maxClaimsPerArticle}` : undefined;
    await this.articleWorkflow.moveThenRollUpMany(
      locked.map((article) => {
        const claims = insertedOf(article);
        return {
          article,
          first: [{ to: 'extracting' as const, detectedLanguage: resultOf.get(article.id)!.language, reason: omittedReason(article) }],
          claimStatuses: claims.length === plannedCount(article) ? claims.map((claim) => claim.status) : undefined,
        };
      }),
    );
    const extracted = new Set(locked.map((article) => article.id));
    return prepared.map((item) => (extracted.has(item.article.id) ? 'extracted' : 'skipped'));
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
