import { useState } from 'preact/hooks';
import { type Api } from '../api';
import { looksLikeHtml } from '../format';
import { type ArticleSummary } from '../types';
import { submitWith } from '../forms';

type Format = 'auto' | 'text' | 'html';

/** Paste a story (plain text or HTML) and submit it; extraction runs in the queue. */
export function SubmitArticle({ api, onSubmitted }: { api: Api; onSubmitted(id: string): void }) {
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<Format>('auto');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(): Promise<void> {
    if (!body.trim()) {
      setError('Paste the article text or HTML first.');
      return;
    }
    setBusy(true);
    setError(null);
    const asHtml = format === 'html' || (format === 'auto' && looksLikeHtml(body));
    try {
      const article = await api.post<ArticleSummary>('/v1/articles', {
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(url.trim() ? { url: url.trim() } : {}),
        ...(asHtml ? { html: body } : { text: body }),
      });
      if (article) onSubmitted(article.id);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="submit-title">
      <h1 id="submit-title">Submit an article</h1>
      <form class="submit-form" onSubmit={submitWith(submit)}>
        <label for="submit-article-title">Title</label>
        <input
          id="submit-article-title"
          data-testid="submit-article-title"
          maxLength={1000}
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
        <label for="submit-article-url">URL (optional)</label>
        <input id="submit-article-url" type="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        <label for="submit-article-text">Text or HTML</label>
        <textarea
          id="submit-article-text"
          data-testid="submit-article-text"
          rows={14}
          value={body}
          onInput={(e) => setBody(e.currentTarget.value)}
        />
        <fieldset class="inline">
          <legend>Format</legend>
          {(['auto', 'text', 'html'] as const).map((value) => (
            <label key={value}>
              <input type="radio" name="format" value={value} checked={format === value} onChange={() => setFormat(value)} />
              {value === 'auto' ? 'detect' : value === 'text' ? 'plain text' : 'HTML'}
            </label>
          ))}
        </fieldset>
        <button type="submit" data-testid="submit-article" disabled={busy}>
          {busy ? 'Submitting…' : 'Submit'}
        </button>
      </form>
      {error && (
        <p class="error" role="alert" data-testid="submit-error">
          {error}
        </p>
      )}
    </section>
  );
}
