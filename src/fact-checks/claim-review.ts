/**
 * schema.org ClaimReview in both directions. Pure; no Nest or database imports.
 * Export: a verified claim -> ClaimReview JSON-LD. Import: ClaimReview JSON-LD -> a library item.
 */
import { isHttpUrl, isLanguageTag } from '../common/validators';
import type { VerdictRating } from '../workflow/verdict-rating';
import { RATING_VALUES } from './rating';
import {
  MAX_CLAIM_TEXT_LENGTH,
  MAX_PUBLISHER_LENGTH,
  MAX_RATING_LENGTH,
  MAX_TITLE_LENGTH,
  type FactCheckRow,
  type NewFactCheck,
} from './fact-check.entity';

export interface ClaimReviewSource {
  claim: { id: string; text: string; language: string; rating: VerdictRating; summary: string | null; decidedAt: Date };
  article: { url: string | null; title: string | null; publishedAt: Date | null; createdAt: Date };
  newsroomName: string;
}

/** Where the review can be found: the article (with the claim as fragment), else a stable URN. */
export function claimReviewUrl(source: ClaimReviewSource): string {
  return source.article.url ? `${source.article.url.split('#')[0]}#claim-${source.claim.id}` : `urn:uuid:${source.claim.id}`;
}

export function toClaimReview(source: ClaimReviewSource) {
  const { claim, article, newsroomName } = source;
  const organization = { '@type': 'Organization', name: newsroomName };
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: claimReviewUrl(source),
    claimReviewed: claim.text,
    datePublished: claim.decidedAt.toISOString(),
    inLanguage: claim.language,
    author: organization,
    publisher: organization,
    ...(claim.summary ? { reviewBody: claim.summary } : {}),
    reviewRating: {
      '@type': 'Rating',
      ratingValue: RATING_VALUES[claim.rating],
      bestRating: 5,
      worstRating: 1,
      alternateName: claim.rating,
    },
    itemReviewed: {
      '@type': 'Claim',
      datePublished: (article.publishedAt ?? article.createdAt).toISOString(),
      author: organization,
      appearance: {
        '@type': 'NewsArticle',
        ...(article.url ? { url: article.url } : {}),
        ...(article.title ? { headline: article.title } : {}),
      },
    },
  };
}
export type ClaimReviewDocument = ReturnType<typeof toClaimReview>;

export function isClaimReview(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const type = (value as Record<string, unknown>)['@type'];
  return type === 'ClaimReview' || (Array.isArray(type) && type.includes('ClaimReview'));
}

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** An organization or person given as a string, an object with name, or an array of those. */
function nameOf(value: unknown): string | null {
  const item = first(value);
  return text(item) ?? text(asObject(item)?.name);
}

/**
 * Reads a ClaimReview into a library item, or lists what is wrong with it.
 * reviewRating.alternateName (else its name) -> rating, kept as given; claimReviewed -> claimText, headline (else
 * name) -> title, url,
 * author.name (else publisher.name) -> publisher, datePublished -> reviewedAt, inLanguage -> language.
 */
export function fromClaimReview(document: Json, path = 'body'): { item: NewFactCheck } | { errors: string[] } {
  const errors: string[] = [];
  const claimText = text(document.claimReviewed);
  if (!claimText) errors.push(`${path}.claimReviewed must be a non-empty string`);
  else if (claimText.length > MAX_CLAIM_TEXT_LENGTH)
    errors.push(`${path}.claimReviewed must be at most ${MAX_CLAIM_TEXT_LENGTH} characters`);

  const rating = asObject(first(document.reviewRating));
  const ratingName = text(rating?.alternateName) ?? text(rating?.name);
  if (!ratingName) errors.push(`${path}.reviewRating.alternateName must be a non-empty string`);
  else if (ratingName.length > MAX_RATING_LENGTH)
    errors.push(`${path}.reviewRating.alternateName must be at most ${MAX_RATING_LENGTH} characters`);

  // The fact-check article's headline: `headline`, else `name` (schema.org CreativeWork / Thing).
  const titleField = document.headline !== undefined && document.headline !== null ? 'headline' : 'name';
  const titleRaw = document[titleField];
  let title: string | null = null;
  if (titleRaw !== undefined && titleRaw !== null) {
    if (typeof titleRaw !== 'string') errors.push(`${path}.${titleField} must be a string`);
    else if (titleRaw.trim().length > MAX_TITLE_LENGTH) errors.push(`${path}.${titleField} must be at most ${MAX_TITLE_LENGTH} characters`);
    else title = text(titleRaw);
  }

  const url = document.url === undefined ? null : document.url;
  if (url !== null && !isHttpUrl(url)) errors.push(`${path}.url must be an absolute http(s) URL`);

  const publisher = nameOf(document.author) ?? nameOf(document.publisher);
  if (publisher && publisher.length > MAX_PUBLISHER_LENGTH)
    errors.push(`${path}.author.name must be at most ${MAX_PUBLISHER_LENGTH} characters`);

  let reviewedAt: string | null = null;
  if (document.datePublished !== undefined) {
    const date = typeof document.datePublished === 'string' ? new Date(document.datePublished) : null;
    if (!date || Number.isNaN(date.getTime())) errors.push(`${path}.datePublished must be an ISO 8601 date`);
    else reviewedAt = date.toISOString();
  }

  const languageRaw = first(document.inLanguage);
  const language = text(languageRaw) ?? text(asObject(languageRaw)?.alternateName);
  if (languageRaw !== undefined && !isLanguageTag(language)) errors.push(`${path}.inLanguage must be a BCP 47 language tag`);

  if (errors.length > 0) return { errors };
  return {
    item: {
      claimText: claimText!,
      title,
      rating: ratingName!,
      url: url as string | null,
      publisher,
      language,
      reviewedAt,
      claimReview: document,
    },
  };
}

/** A library item as schema.org ClaimReview JSON-LD (what was imported, else built from its fields). */
export function libraryClaimReview(row: FactCheckRow & { claim_review: Record<string, unknown> | null }) {
  const organization = row.publisher ? { '@type': 'Organization', name: row.publisher } : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    ...(row.url ? { url: row.url } : {}),
    ...(row.title ? { headline: row.title } : {}),
    claimReviewed: row.claim_text,
    ...(row.reviewed_at ? { datePublished: row.reviewed_at.toISOString() } : {}),
    ...(row.language ? { inLanguage: row.language } : {}),
    ...(organization ? { author: organization, publisher: organization } : {}),
    reviewRating: { '@type': 'Rating', alternateName: row.rating },
  };
}
