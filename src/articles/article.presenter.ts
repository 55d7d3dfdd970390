import { type ArticleSummaryFields } from '../workflow/article.entity';
import { type ArticleSummaryDto } from './article.dto';

export function toArticleSummary(row: ArticleSummaryFields, counts: Record<string, number> = {}): ArticleSummaryDto {
  return {
    id: row.id,
    status: row.status,
    title: row.title,
    url: row.url,
    language: row.language,
    externalId: row.external_id,
    publishedAt: row.published_at?.toISOString() ?? null,
    failureReason: row.failure_reason,
    counts,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
