import { useEffect, useState } from 'preact/hooks';
import { type Api, queryString } from '../api';
import { age, label } from '../format';
import { type ArticleSummary, type Page } from '../types';

const PAGE_SIZE = 20;
const STATUSES = ['', 'received', 'extracting', 'verifying', 'completed', 'failed'];

/** The newsroom's articles, newest first, a page at a time (cursors kept to page back). */
export function ArticleList({ api, onOpen }: { api: Api; onOpen(id: string): void }) {
  const [status, setStatus] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<ArticleSummary> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1];

  useEffect(() => {
    let cancelled = false;
    const load = () =>
      api
        .get<Page<ArticleSummary>>(`/v1/articles${queryString({ status, limit: PAGE_SIZE, cursor })}`)
        .then((answer) => !cancelled && (setPage(answer), setError(null)))
        .catch((failure: unknown) => !cancelled && setError(failure instanceof Error ? failure.message : String(failure)));
    void load();
    const timer = setInterval(() => void load(), 5000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [api, status, cursor]);

  return (
    <section aria-labelledby="articles-title">
      <h1 id="articles-title">Articles</h1>
      <label for="article-status">Status</label>
      <select
        id="article-status"
        value={status}
        onChange={(event) => {
          setStatus(event.currentTarget.value);
          setCursors([null]);
        }}
      >
        {STATUSES.map((value) => (
          <option key={value} value={value}>
            {value ? label(value) : 'all'}
          </option>
        ))}
      </select>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ul class="articles" data-testid="articles">
        {page?.items.map((article) => (
          <li key={article.id} data-testid="article-item" data-article-id={article.id} data-status={article.status}>
            <button type="button" class="link" onClick={() => onOpen(article.id)}>
              {article.title || 'Untitled article'}
            </button>
            <span class={`status status-${article.status}`} data-testid="article-status">
              {label(article.status)}
            </span>
            <span class="meta">
              {Object.entries(article.counts).map(([claimStatus, count]) => (
                <span key={claimStatus}>
                  {count} {label(claimStatus)}
                </span>
              ))}
              <span>{age(article.createdAt)} ago</span>
            </span>
          </li>
        ))}
      </ul>
      {page?.items.length === 0 && <p class="muted">No articles yet: submit one.</p>}
      <div class="pager">
        <button type="button" class="secondary" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <button
          type="button"
          class="secondary"
          data-testid="articles-older"
          disabled={!page?.nextCursor}
          onClick={() => page?.nextCursor && setCursors([...cursors, page.nextCursor])}
        >
          Older
        </button>
      </div>
    </section>
  );
}
