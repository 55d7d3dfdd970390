import type { ArticleStatus } from './article-status';

export interface ArticleRow {
  id: string;
  newsroom_id: string;
  status: ArticleStatus;
  title: string | null;
  url: string | null;
  language: string | null;
  external_id: string | null;
  published_at: Date | null;
  metadata: Record<string, unknown> | null;
  urgency: number;
  source_format: 'text' | 'html';
  text: string;
  failure_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export type ArticleSummaryRow = Omit<ArticleRow, 'text'>;

/** The columns an article's summary shows (what the ingest statement returns). */
export type ArticleSummaryFields = Pick<
  ArticleRow,
  'id' | 'status' | 'title' | 'url' | 'language' | 'external_id' | 'published_at' | 'failure_reason' | 'created_at' | 'updated_at'
>;

export interface NewArticle {
  id: string;
  newsroomId: string;
  title: string | null;
  url: string | null;
  language: string | null;
  externalId: string | null;
  publishedAt: string | null;
  metadata: Record<string, unknown> | null;
  urgency: number;
  sourceFormat: 'text' | 'html';
  text: string;
}
