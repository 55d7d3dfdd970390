import { useEffect, useState } from 'preact/hooks';
import { type Api } from '../api';
import { label, percent } from '../format';
import { SafeLink } from '../SafeLink';
import { segmentText } from '../text-segments';
import { type Article, type Claim } from '../types';

const SETTLED = new Set(['completed', 'failed']);

/** One article: its text with every claim marked, and the claims with their status and verdicts. */
export function ArticleView({ api, id, onBack }: { api: Api; id: string; onBack(): void }) {
  const [article, setArticle] = useState<Article | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const answer = await api.get<Article>(`/v1/articles/${id}`);
        if (cancelled) return;
        setArticle(answer);
        setError(null);
        // Until every claim is settled the article changes by itself: follow it.
        if (!SETTLED.has(answer.status)) timer = setTimeout(() => void load(), 1500);
      } catch (failure) {
        if (!cancelled) setError(failure instanceof Error ? failure.message : String(failure));
      }
    };
    void load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, id, reload]);

  async function promote(claim: Claim): Promise<void> {
    try {
      await api.post(`/v1/claims/${claim.id}/promote`);
      setReload((count) => count + 1);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  if (!article)
    return error ? (
      <p class="error" role="alert">
        {error}
      </p>
    ) : (
      <p role="status">Loading the article…</p>
    );
  const claims = [...article.claims].sort((a, b) => a.start - b.start);
  return (
    <article aria-labelledby="article-heading" class="article-view">
      <button type="button" class="secondary" onClick={onBack}>
        ← All articles
      </button>
      <h1 id="article-heading">
        <SafeLink url={article.url}>{article.title || 'Untitled article'}</SafeLink>
      </h1>
      <p class="meta">
        <span class={`status status-${article.status}`} data-testid="article-status">
          {label(article.status)}
        </span>
        {article.language && <span>{article.language}</span>}
        <span>{claims.length} claims</span>
        {article.failureReason && <span class="error">{article.failureReason}</span>}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="legend" aria-hidden="true">
        <span class="claim-span" data-status="needs_review">
          check-worthy
        </span>
        <span class="claim-span" data-status="verified">
          verified
        </span>
        <span class="claim-span" data-status="not_checkworthy">
          not check-worthy
        </span>
      </div>
      <div class="article-text" data-testid="article-text" tabIndex={0} aria-label="article text with its claims marked">
        {segmentText(
          article.text,
          claims.map((claim) => ({ start: claim.start, end: claim.end, value: claim })),
        ).map((segment, index) =>
          segment.mark ? (
            <mark
              key={segment.mark.id}
              class={selected === segment.mark.id ? 'claim-span selected' : 'claim-span'}
              data-testid="claim-span"
              data-claim-id={segment.mark.id}
              data-status={segment.mark.status}
              title={spanTitle(segment.mark)}
              onClick={() => setSelected(segment.mark.id)}
            >
              {segment.text}
            </mark>
          ) : (
            <span key={`t${index}`}>{segment.text}</span>
          ),
        )}
      </div>
      <h2>Claims</h2>
      <ol class="claims" data-testid="claims">
        {claims.map((claim) => (
          <ClaimRow key={claim.id} claim={claim} selected={selected === claim.id} onPromote={() => void promote(claim)} />
        ))}
      </ol>
    </article>
  );
}

function spanTitle(claim: Claim): string {
  const verdict = claim.verdict ? `: ${label(claim.verdict.rating)}, ${claim.verdict.summary}` : '';
  return `${label(claim.status)}, check-worthiness ${percent(claim.checkworthiness)}${verdict}`;
}

function ClaimRow({ claim, selected, onPromote }: { claim: Claim; selected: boolean; onPromote(): void }) {
  return (
    <li class={selected ? 'selected' : undefined} data-testid="claim-row" data-claim-id={claim.id} data-status={claim.status}>
      <span class="claim-line">{claim.text}</span>
      <span class="meta">
        <span class={`status status-${claim.status}`}>{label(claim.status)}</span>
        <span>check-worthiness {percent(claim.checkworthiness)}</span>
        {claim.status === 'not_checkworthy' && (
          <button type="button" class="secondary" data-testid="promote" onClick={onPromote}>
            Send to review
          </button>
        )}
      </span>
      {claim.verdict && (
        <p class="verdict-line" data-testid="claim-verdict">
          <span class={`rating rating-${claim.verdict.rating}`}>{label(claim.verdict.rating)}</span> {claim.verdict.summary}
        </p>
      )}
    </li>
  );
}
