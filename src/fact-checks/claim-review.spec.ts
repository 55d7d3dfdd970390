import { fromClaimReview, isClaimReview, toClaimReview } from './claim-review';

const source = {
  claim: {
    id: '6f1c1a52-8c1e-4a36-9d55-3d0c7f1f7b11',
    text: 'Crime fell 20% last year.',
    language: 'en',
    rating: 'mostly_false' as const,
    summary: 'It fell 2%.',
    decidedAt: new Date('2025-03-01T12:00:00Z'),
  },
  article: {
    url: 'https://news.example/story',
    title: 'Crime story',
    publishedAt: new Date('2025-02-28T08:00:00Z'),
    createdAt: new Date('2025-02-28T09:00:00Z'),
  },
  newsroomName: 'Example News',
};

describe('ClaimReview export', () => {
  it('maps a verified claim to schema.org ClaimReview JSON-LD', () => {
    const review = toClaimReview(source);
    expect(review).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      claimReviewed: 'Crime fell 20% last year.',
      datePublished: '2025-03-01T12:00:00.000Z',
      url: 'https://news.example/story#claim-6f1c1a52-8c1e-4a36-9d55-3d0c7f1f7b11',
      author: { '@type': 'Organization', name: 'Example News' },
      publisher: { '@type': 'Organization', name: 'Example News' },
      reviewRating: { '@type': 'Rating', ratingValue: 2, bestRating: 5, worstRating: 1, alternateName: 'mostly_false' },
      itemReviewed: {
        '@type': 'Claim',
        datePublished: '2025-02-28T08:00:00.000Z',
        appearance: { '@type': 'NewsArticle', url: 'https://news.example/story', headline: 'Crime story' },
      },
    });
  });

  it('falls back to a URN and the creation time when the article has no URL or publication date', () => {
    const review = toClaimReview({
      ...source,
      article: { url: null, title: null, publishedAt: null, createdAt: new Date('2025-01-01T00:00:00Z') },
    });
    expect(review.url).toBe(`urn:uuid:${source.claim.id}`);
    expect(review.itemReviewed.datePublished).toBe('2025-01-01T00:00:00.000Z');
    expect(review.itemReviewed.appearance).toEqual({ '@type': 'NewsArticle' });
  });

  it('round-trips through the importer', () => {
    const review = toClaimReview(source);
    expect(isClaimReview(review)).toBe(true);
    const parsed = fromClaimReview(review);
    expect(parsed).toMatchObject({
      item: {
        claimText: 'Crime fell 20% last year.',
        rating: 'mostly_false',
        publisher: 'Example News',
        language: 'en',
        reviewedAt: '2025-03-01T12:00:00.000Z',
      },
    });
  });
});

describe('ClaimReview import', () => {
  it('reads publisher from author.name, else publisher.name, and keeps publisher ratings as given', () => {
    const parsed = fromClaimReview({
      '@type': 'ClaimReview',
      claimReviewed: 'X',
      reviewRating: { alternateName: 'Pants on Fire' },
      publisher: { name: 'Fact Desk' },
      url: 'https://f.example/1',
      inLanguage: 'es',
    });
    expect(parsed).toEqual({
      item: expect.objectContaining({ rating: 'Pants on Fire', publisher: 'Fact Desk', url: 'https://f.example/1', language: 'es' }),
    });
  });

  it('lists every problem', () => {
    const parsed = fromClaimReview(
      { '@type': 'ClaimReview', reviewRating: {}, url: 'ftp://x', datePublished: 'yesterday', inLanguage: 42 },
      'items[2]',
    );
    expect(parsed).toEqual({
      errors: [
        'items[2].claimReviewed must be a non-empty string',
        'items[2].reviewRating.alternateName must be a non-empty string',
        'items[2].url must be an absolute http(s) URL',
        'items[2].datePublished must be an ISO 8601 date',
        'items[2].inLanguage must be a BCP 47 language tag',
      ],
    });
  });
});
