import { useEffect, useRef, useState } from 'preact/hooks';
import { type Api, ApiError } from '../api';
import { countdown, hostOf, label, percent } from '../format';
import { SafeLink } from '../SafeLink';
import { useShortcuts } from '../shortcuts';
import { segmentText } from '../text-segments';
import { type Evidence, RATINGS, type ReviewTask, STANCES, type TaskArticle } from '../types';
import { useLease } from './use-lease';
import { submitWith } from '../forms';

export type TaskOutcome = { kind: 'verified' | 'dismissed'; task: ReviewTask; rating: string; detail: string };

interface Props {
  api: Api;
  task: ReviewTask;
  onFinished(outcome: TaskOutcome): void;
  onReleased(): void;
  onAbandoned(): void;
}

const LOST_MESSAGE =
  'Your lease on this task was lost: it lapsed, or the task was released or taken over in another tab or by another reviewer. Nothing more was saved.';

export function TaskView({ api, task: leased, onFinished, onReleased, onAbandoned }: Props) {
  const [task, setTask] = useState(leased);
  const [article, setArticle] = useState<TaskArticle | null>(null);
  const [articleError, setArticleError] = useState<string | null>(null);
  const [lost, setLost] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [rating, setRating] = useState('');
  const [summary, setSummary] = useState('');
  const [reason, setReason] = useState('');
  const summaryField = useRef<HTMLTextAreaElement>(null);
  const reasonField = useRef<HTMLInputElement>(null);
  const evidenceField = useRef<HTMLInputElement>(null);
  const ratingField = useRef<HTMLSelectElement>(null);

  const base = `/v1/review-tasks/${task.id}`;
  const fence = (): Record<string, string> => (task.leaseToken ? { 'If-Match': task.leaseToken } : {});

  /** Runs a holder-only write; a 409 means the lease is gone. Resolves to null when it failed. */
  async function holderWrite<T>(write: () => Promise<T | null>): Promise<T | null> {
    if (lost) return null;
    setError(null);
    try {
      return await write();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409) setLost(`${LOST_MESSAGE} (${failure.message})`);
      else setError(failure instanceof Error ? failure.message : String(failure));
      return null;
    }
  }

  const remaining = useLease(
    task,
    async () => {
      const renewed = await holderWrite(() => api.post<ReviewTask>(`${base}/heartbeat`, undefined, fence()));
      if (renewed) setTask(renewed);
      return renewed !== null;
    },
    () => setLost((current) => current ?? LOST_MESSAGE),
  );

  useEffect(() => {
    api
      .get<TaskArticle>(`${base}/article`)
      .then(setArticle)
      .catch((failure: unknown) => setArticleError(failure instanceof Error ? failure.message : String(failure)));
  }, [base]);

  async function act(run: () => Promise<void>): Promise<void> {
    if (busy) return;
    setBusy(true);
    try {
      await run();
    } finally {
      setBusy(false);
    }
  }

  const submitVerdict = () =>
    act(async () => {
      if (!rating) {
        setError('Choose a rating (keys 1 to 7).');
        ratingField.current?.focus();
        return;
      }
      if (!summary.trim()) {
        setError('Write a summary of the verdict (key S).');
        summaryField.current?.focus();
        return;
      }
      const done = await holderWrite(() => api.post<ReviewTask>(`${base}/verdict`, { rating, summary: summary.trim() }, fence()));
      if (done) onFinished({ kind: 'verified', task: done, rating, detail: summary.trim() });
    });

  const dismiss = () =>
    act(async () => {
      if (!reason.trim()) {
        setError('Say why the claim is not checkable, then dismiss.');
        reasonField.current?.focus();
        return;
      }
      const done = await holderWrite(() => api.post<ReviewTask>(`${base}/dismiss`, { reason: reason.trim() }, fence()));
      if (done) onFinished({ kind: 'dismissed', task: done, rating: '', detail: reason.trim() });
    });

  const release = () =>
    act(async () => {
      const released = await holderWrite(() => api.post<ReviewTask>(`${base}/release`, undefined, fence()));
      if (released) onReleased();
    });

  async function addEvidence(evidence: Omit<Evidence, 'id' | 'source'>): Promise<boolean> {
    const added = await holderWrite(() => api.post<Evidence>(`${base}/evidence`, evidence, fence()));
    if (!added) return false;
    setTask((current) => ({ ...current, claim: { ...current.claim, evidence: [...current.claim.evidence, added] } }));
    return true;
  }

  useShortcuts(
    lost
      ? {}
      : {
          ...Object.fromEntries(RATINGS.map((value, index) => [String(index + 1), () => setRating(value)])),
          s: () => summaryField.current?.focus(),
          e: () => evidenceField.current?.focus(),
          d: () => reasonField.current?.focus(),
          r: () => void release(),
          'Mod+Enter': () => void submitVerdict(),
          Escape: () => (document.activeElement as HTMLElement | null)?.blur(),
        },
  );

  const claim = task.claim;
  return (
    <article class="task" aria-labelledby="task-title">
      <div class="task-head">
        <h1 id="task-title">Review a claim</h1>
        <p class={`lease${remaining < 60000 ? ' lease-low' : ''}`}>
          Lease{' '}
          <span data-testid="lease-remaining" aria-label={`lease remaining ${countdown(remaining)}`}>
            {countdown(remaining)}
          </span>
          <span class="muted"> renewed automatically</span>
        </p>
      </div>
      {lost && (
        <div class="lost" role="alert" data-testid="lease-lost">
          <p>{lost}</p>
          <button type="button" onClick={onAbandoned}>
            Back to the queue
          </button>
        </div>
      )}
      <blockquote class="claim-text" data-testid="task-claim">
        {claim.text}
      </blockquote>
      <p class="meta">
        <span>check-worthiness {percent(claim.checkworthiness)}</span>
        <span>{task.language ?? claim.language}</span>
        <span>priority {task.priority.toFixed(2)}</span>
        {article?.newsroom?.name && <span>newsroom {article.newsroom.name}</span>}
        {task.cluster && task.cluster.size > 1 && <span data-testid="cluster-size">in {task.cluster.size} articles</span>}
      </p>

      <section aria-labelledby="article-title">
        <h2 id="article-title">
          Article: <SafeLink url={task.article.url}>{task.article.title ?? hostOf(task.article.url) ?? 'untitled'}</SafeLink>
        </h2>
        <ArticleWithClaim task={task} article={article} error={articleError} />
      </section>

      <section aria-labelledby="suggestions-title">
        <h2 id="suggestions-title">Prior fact-checks</h2>
        <ul class="cards" data-testid="task-suggestions">
          {task.suggestions.map((suggestion, index) => (
            <li key={suggestion.factCheckId ?? index} data-testid="suggestion">
              <span class="score" title="match score">
                {percent(suggestion.score)}
              </span>{' '}
              <span class="rating">{label(suggestion.rating)}</span>{' '}
              <SafeLink url={suggestion.url}>{suggestion.title || suggestion.claimText}</SafeLink>
              {suggestion.title && <span class="quoted">{suggestion.claimText}</span>}
              <span class="muted">{[suggestion.publisher, suggestion.source].filter(Boolean).join(' · ')}</span>
            </li>
          ))}
        </ul>
        {task.suggestions.length === 0 && <p class="muted">No earlier fact-check matched this claim.</p>}
      </section>

      <section aria-labelledby="verdict-title" class="verdict">
        <h2 id="verdict-title">Verdict</h2>
        <form onSubmit={submitWith(submitVerdict)}>
          <label for="verdict-rating">Rating</label>
          <select
            id="verdict-rating"
            data-testid="verdict-rating"
            ref={ratingField}
            required
            value={rating}
            onChange={(event) => setRating(event.currentTarget.value)}
          >
            {RATINGS.map((value, index) => (
              <option key={value} value={value}>
                {index + 1} · {label(value)}
              </option>
            ))}
          </select>
          <label for="verdict-summary">Summary</label>
          <textarea
            id="verdict-summary"
            data-testid="verdict-summary"
            ref={summaryField}
            rows={3}
            maxLength={10000}
            value={summary}
            onInput={(event) => setSummary(event.currentTarget.value)}
          />
          <div class="actions">
            <button type="submit" data-testid="verdict-submit" disabled={busy || lost !== null}>
              Submit verdict <kbd>Ctrl+Enter</kbd>
            </button>
            <button type="button" class="secondary" data-testid="release" disabled={busy || lost !== null} onClick={() => void release()}>
              Release <kbd>R</kbd>
            </button>
          </div>
        </form>
        <form class="dismiss" onSubmit={submitWith(dismiss)}>
          <label for="dismiss-reason">Not checkable? Reason</label>
          <input
            id="dismiss-reason"
            data-testid="dismiss-reason"
            ref={reasonField}
            maxLength={2000}
            value={reason}
            onInput={(event) => setReason(event.currentTarget.value)}
          />
          <button type="submit" class="danger" data-testid="dismiss" disabled={busy || lost !== null}>
            Dismiss <kbd>D</kbd>
          </button>
        </form>
        {error && (
          <p class="error" role="alert" data-testid="task-error">
            {error}
          </p>
        )}
      </section>
      <section aria-labelledby="evidence-title">
        <h2 id="evidence-title">Evidence</h2>
        <ul class="cards" data-testid="task-evidence">
          {claim.evidence.map((item) => (
            <li key={item.id} data-testid="evidence-item">
              <span class={`stance stance-${item.stance}`}>{item.stance}</span>{' '}
              <SafeLink url={item.url}>{item.title || item.url || 'untitled'}</SafeLink>
              {item.excerpt && <span class="quoted">{item.excerpt}</span>}
              <span class="muted">{item.source}</span>
            </li>
          ))}
        </ul>
        <EvidenceForm disabled={busy || lost !== null} urlField={evidenceField} onAdd={addEvidence} />
      </section>
    </article>
  );
}

function ArticleWithClaim({ task, article, error }: { task: ReviewTask; article: TaskArticle | null; error: string | null }) {
  const highlight = useRef<HTMLElement>(null);
  useEffect(() => {
    highlight.current?.scrollIntoView?.({ block: 'nearest' });
  }, [article]);
  const claim = task.claim;
  // Without the article (it could not be read), the claim's own sentence and its neighbours.
  const before = claim.context?.before ? `${claim.context.before} ` : '';
  const text = article?.text ?? `${before}${claim.text}${claim.context?.after ? ` ${claim.context.after}` : ''}`;
  const mark = article ? { start: claim.start, end: claim.end } : { start: before.length, end: before.length + claim.text.length };
  return (
    <>
      {error && <p class="muted">The full article could not be read ({error}); showing the claim in its context.</p>}
      <div class="article-text" data-testid="task-article" tabIndex={0} aria-label="article text">
        {segmentText(text, [{ ...mark, value: true }]).map((segment, index) =>
          segment.mark ? (
            <mark key={index} ref={highlight} data-testid="claim-highlight">
              {segment.text}
            </mark>
          ) : (
            segment.text
          ),
        )}
      </div>
    </>
  );
}

function EvidenceForm({
  disabled,
  urlField,
  onAdd,
}: {
  disabled: boolean;
  urlField: { current: HTMLInputElement | null };
  onAdd(evidence: Omit<Evidence, 'id' | 'source'>): Promise<boolean>;
}) {
  const [url, setUrl] = useState('');
  const [stance, setStance] = useState<(typeof STANCES)[number]>('supports');
  const [title, setTitle] = useState('');
  const [excerpt, setExcerpt] = useState('');
  return (
    <form
      class="evidence-form"
      onSubmit={(event) => {
        event.preventDefault();
        const evidence = { stance, ...(url.trim() ? { url: url.trim() } : {}), ...(title.trim() ? { title: title.trim() } : {}) };
        void onAdd(excerpt.trim() ? { ...evidence, excerpt: excerpt.trim() } : evidence).then((added) => {
          if (!added) return;
          setUrl('');
          setTitle('');
          setExcerpt('');
        });
      }}
    >
      <fieldset>
        <legend>Add evidence</legend>
        <label for="evidence-url">URL</label>
        <input
          id="evidence-url"
          data-testid="evidence-url"
          type="url"
          ref={urlField}
          value={url}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
        <label for="evidence-stance">Stance</label>
        <select
          id="evidence-stance"
          data-testid="evidence-stance"
          value={stance}
          onChange={(e) => setStance(e.currentTarget.value as (typeof STANCES)[number])}
        >
          {STANCES.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
        <label for="evidence-title">Title</label>
        <input
          id="evidence-title"
          data-testid="evidence-title"
          maxLength={1000}
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
        <label for="evidence-excerpt">Excerpt</label>
        <textarea
          id="evidence-excerpt"
          data-testid="evidence-excerpt"
          rows={2}
          maxLength={10000}
          value={excerpt}
          onInput={(e) => setExcerpt(e.currentTarget.value)}
        />
        <button type="submit" class="secondary" data-testid="evidence-add" disabled={disabled}>
          Add evidence
        </button>
      </fieldset>
    </form>
  );
}
