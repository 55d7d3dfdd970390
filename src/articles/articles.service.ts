import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { jsonHash } from '../common/canonical-json';
import { CursorCodec, Page } from '../common/pagination';
import { TransactionHost } from '../database/transaction-host';
import { ClaimRepository } from '../workflow/claim.repository';
import { ClaimsService } from '../claims/claims.service';
import { ExtractionPool } from '../extraction/extraction-pool';
import { toPlainText } from '../extraction/plain-text';
import { ArticleSummaryDto, SubmitArticleDto, URGENCY_LEVELS } from './article.dto';
import type { ArticleListQuery } from './article-list.query';
import { ArticleRepository } from '../workflow/article.repository';
import { NewArticle } from '../workflow/article.entity';
import { toArticleSummary } from './article.presenter';

const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;

export interface SubmitResult {
  created: boolean;
  article: ArticleSummaryDto;
}

@Injectable()
export class ArticlesService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly articles: ArticleRepository,
    private readonly claims: ClaimRepository,
    private readonly claimsService: ClaimsService,
    private readonly cursors: CursorCodec,
    private readonly extractionPool: ExtractionPool,
  ) {}

  /**
   * Stores the article and its extraction job in one transaction. With an Idempotency-Key, the key
   * row is inserted first: concurrent repeats block on it, then read the first request's article.
   */
  async submit(newsroomId: string, body: SubmitArticleDto, rawBody: unknown, idempotencyKey?: string): Promise<SubmitResult> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new BadRequestException('Idempotency-Key must be 1 to 255 printable ASCII characters');
    }
    const { text, format } = await toPlainText(body, this.extractionPool);
    const newArticle = (id: string): NewArticle => ({
      id,
      newsroomId,
      title: body.title ?? null,
      url: body.url ?? null,
      language: body.language ?? null,
      externalId: body.externalId ?? null,
      publishedAt: body.publishedAt ?? null,
      metadata: body.metadata ?? null,
      urgency: URGENCY_LEVELS[body.urgency ?? 'normal'],
      sourceFormat: format,
      text,
    });
    const insert = (id: string) => this.articles.insert(newArticle(id), [{ name: 'extract-article', payload: { articleId: id } }]);
    if (idempotencyKey === undefined) {
      // One atomic statement (article, history, extraction job): no transaction round trips on the hot path.
      return { created: true, article: toArticleSummary(await insert(randomUUID())) };
    }
    const requestHash = jsonHash(rawBody);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const articleId = randomUUID();
      const outcome = await this.tx.run(async () => {
        const reserved = await this.articles.reserveIdempotencyKey(newsroomId, idempotencyKey, requestHash, articleId);
        if (!reserved) {
          const existing = await this.articles.findIdempotencyKey(newsroomId, idempotencyKey);
          if (!existing) return null; // the first request rolled back: try to take the key again
          if (existing.request_hash !== requestHash) {
            throw new UnprocessableEntityException('Idempotency-Key was already used with a different request body');
          }
          return { created: false, articleId: existing.article_id, summary: null };
        }
        return { created: true, articleId, summary: toArticleSummary(await insert(articleId)) };
      });
      if (outcome?.created) return { created: true, article: outcome.summary! };
      if (outcome) return { created: false, article: await this.summary(newsroomId, outcome.articleId) };
    }
    throw new UnprocessableEntityException('Idempotency-Key is contended; retry the request');
  }

  async summary(newsroomId: string, id: string): Promise<ArticleSummaryDto> {
    const row = await this.articles.findSummary(id);
    if (!row || row.newsroom_id !== newsroomId) throw new NotFoundException(`article ${id} not found`);
    const counts = await this.articles.claimCounts([id]);
    return toArticleSummary(row, counts.get(id));
  }

  async get(newsroomId: string, id: string) {
    const row = await this.articles.find(id);
    if (!row || row.newsroom_id !== newsroomId) throw new NotFoundException(`article ${id} not found`);
    const claims = await this.claimsService.present(await this.claims.listByArticle(id));
    const counts: Record<string, number> = {};
    for (const claim of claims) counts[claim.status] = (counts[claim.status] ?? 0) + 1;
    return { ...toArticleSummary(row, counts), metadata: row.metadata, text: row.text, claims };
  }

  async list(newsroomId: string, { status, limit, cursor }: ArticleListQuery): Promise<Page<ArticleSummaryDto>> {
    const position = this.cursors.decode(cursor);
    const rows = await this.articles.list(
      newsroomId,
      status || null,
      position && { createdAt: String(position.k), id: position.id },
      limit + 1,
    );
    const page = this.cursors.page(rows, limit, (row) => ({ k: row.sort_key, id: row.id }));
    const counts = await this.articles.claimCounts(page.items.map((row) => row.id));
    return { items: page.items.map((row) => toArticleSummary(row, counts.get(row.id))), nextCursor: page.nextCursor };
  }
}
