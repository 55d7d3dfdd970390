/**
 * Which claims a paid external provider is asked about: per article, the `perArticle` most
 * check-worthy ones (ties: earlier id first, so a retried job asks about the same claims). Pure.
 */
export function claimsForPaidProviders<T extends { id: string; article_id: string; checkworthiness: number }>(
  claims: readonly T[],
  perArticle: number,
): Set<string> {
  const byArticle = new Map<string, T[]>();
  for (const claim of claims) {
    const list = byArticle.get(claim.article_id) ?? [];
    list.push(claim);
    byArticle.set(claim.article_id, list);
  }
  const chosen = new Set<string>();
  for (const list of byArticle.values()) {
    list
      .sort((a, b) => b.checkworthiness - a.checkworthiness || a.id.localeCompare(b.id))
      .slice(0, perArticle)
      .forEach((claim) => chosen.add(claim.id));
  }
  return chosen;
}
