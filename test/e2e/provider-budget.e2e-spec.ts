import { bearer, createNewsroom, startStack, waitFor } from '../support/stack';
import { startFactCheckStub } from '../support/review-fixtures';

describe('paid evidence providers are asked about a bounded number of claims per article', () => {
  it('sends only the MAX_PROVIDER_CLAIMS_PER_ARTICLE most check-worthy claims to the paid provider', async () => {
    const stub = await startFactCheckStub();
    const stack = await startStack({
      env: {
        GOOGLE_FACTCHECK_API_KEY: 'stub-key',
        GOOGLE_FACTCHECK_URL: stub.url,
        PROVIDER_RETRIES: '0',
        MAX_PROVIDER_CLAIMS_PER_ARTICLE: '2',
      },
    });
    try {
      const newsroom = await createNewsroom(stack);
      const key = bearer(newsroom.apiKey);
      const text = Array.from({ length: 8 }, (_, i) => `The unemployment rate in Freedonia fell to ${i + 2}.9% in March 202${i}.`).join(
        ' ',
      );
      const accepted = await stack.http.post('/v1/articles').set(key).send({ text }).expect(202);
      const article = await waitFor(async () => {
        const response = await stack.http.get(`/v1/articles/${accepted.body.id}`).set(key);
        const claims = response.body.claims as { status: string; checkworthy: boolean }[] | undefined;
        return claims && claims.length > 0 && claims.every((claim) => !['pending', 'verifying'].includes(claim.status))
          ? response.body
          : null;
      }, 30000);
      const checkworthy = (article.claims as { status: string }[]).filter((claim) => claim.status === 'needs_review');
      expect(checkworthy.length).toBeGreaterThan(2);
      expect(stub.requests).toHaveLength(2);
    } finally {
      await stack.close();
      await stub.close();
    }
  });
});
