import { claimsForPaidProviders } from './paid-provider-budget';

describe('claimsForPaidProviders', () => {
  const claim = (id: string, articleId: string, checkworthiness: number) => ({ id, article_id: articleId, checkworthiness });

  it('takes the most check-worthy claims of each article, up to the budget', () => {
    const claims = [claim('a1', 'A', 0.5), claim('a2', 'A', 0.9), claim('a3', 'A', 0.7), claim('b1', 'B', 0.6)];
    expect([...claimsForPaidProviders(claims, 2)].sort()).toEqual(['a2', 'a3', 'b1']);
    expect(claimsForPaidProviders(claims, 0).size).toBe(0);
  });

  it('breaks ties by id, so a retried job asks about the same claims', () => {
    const claims = [claim('z', 'A', 0.8), claim('m', 'A', 0.8), claim('c', 'A', 0.8)];
    expect([...claimsForPaidProviders(claims, 2)].sort()).toEqual(['c', 'm']);
    expect([...claimsForPaidProviders([...claims].reverse(), 2)].sort()).toEqual(['c', 'm']);
  });
});
