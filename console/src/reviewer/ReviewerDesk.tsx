import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Api, queryString } from '../api';
import { age, hostOf, label } from '../format';
import { useShortcuts } from '../shortcuts';
import { type Page, type ReviewTask } from '../types';
import { Shortcuts } from './Shortcuts';
import { type TaskOutcome, TaskView } from './TaskView';
import { submitWith } from '../forms';

const QUEUE_REFRESH_MS = 15000;

interface Props {
  api: Api;
}

const languagesOf = (filter: string): string[] =>
  filter
    .split(/[\s,]+/)
    .map((tag) => tag.trim())
    .filter(Boolean);

export function ReviewerDesk({ api }: Props) {
  const [filter, setFilter] = useState('');
  const [queue, setQueue] = useState<ReviewTask[] | null>(null);
  const [mine, setMine] = useState<ReviewTask[]>([]);
  const [task, setTask] = useState<ReviewTask | null>(null);
  const [outcome, setOutcome] = useState<TaskOutcome | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const fail = useCallback((error: unknown) => setNotice(error instanceof Error ? error.message : String(error)), []);

  const refresh = useCallback(async () => {
    try {
      const language = languagesOf(filter).join(',');
      const [open, claimed] = await Promise.all([
        api.get<Page<ReviewTask>>(`/v1/review-tasks${queryString({ status: 'open', language, limit: 50 })}`),
        api.get<Page<ReviewTask>>(`/v1/review-tasks${queryString({ status: 'claimed', limit: 200 })}`),
      ]);
      setQueue(open.items);
      setMine(claimed.items.filter((item) => item.leaseToken));
    } catch (error) {
      fail(error);
    }
  }, [api, filter, fail]);

  useEffect(() => {
    if (task) return;
    void refresh();
    const timer = setInterval(() => void refresh(), QUEUE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh, task]);

  async function lease(request: () => Promise<ReviewTask | null>): Promise<void> {
    if (busy) return;
    setBusy(true);
    setNotice(null);
    try {
      const leased = await request();
      if (leased) {
        setOutcome(null);
        setTask(leased);
        setQueue((items) => items?.filter((item) => item.id !== leased.id) ?? null);
      } else {
        setNotice('Nothing is open in these languages right now.');
        void refresh();
      }
    } catch (error) {
      fail(error);
      void refresh();
    } finally {
      setBusy(false);
    }
  }

  const claimNext = () => {
    const languages = languagesOf(filter);
    return lease(() => api.post<ReviewTask>('/v1/review-tasks/claim-next', languages.length ? { languages } : {}));
  };
  const claimTask = (id: string) => lease(() => api.post<ReviewTask>(`/v1/review-tasks/${id}/claim`));

  useShortcuts(task ? {} : { n: () => void claimNext() });

  function finish(result: TaskOutcome | null, message?: string): void {
    setTask(null);
    setOutcome(result);
    setNotice(message ?? null);
  }

  return (
    <div class="desk">
      <aside class="sidebar" aria-label="Review queue">
        <section>
          <h2>Queue</h2>
          <form class="filter" onSubmit={submitWith(refresh)}>
            <label for="queue-language">Languages</label>
            <input
              id="queue-language"
              data-testid="queue-language"
              placeholder="any, or e.g. en, de"
              value={filter}
              onChange={(event) => setFilter(event.currentTarget.value)}
            />
          </form>
          <button type="button" data-testid="claim-next" onClick={() => void claimNext()} disabled={busy || task !== null}>
            Claim next <kbd>N</kbd>
          </button>
          {notice && !task && (
            <p class="notice" role="status" data-testid="queue-notice">
              {notice}
            </p>
          )}
          {mine.length > 0 && !task && (
            <>
              <h3>Your leases</h3>
              <ul class="tasks" data-testid="my-tasks">
                {mine.map((item) => (
                  <li key={item.id}>
                    <span class="claim-line">{item.claim.text}</span>
                    <button type="button" class="secondary" data-testid="resume-task" onClick={() => void claimTask(item.id)}>
                      Resume
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3 id="open-tasks">Open tasks {queue && <span class="count">({queue.length})</span>}</h3>
          <ul class="tasks" data-testid="queue" aria-labelledby="open-tasks">
            {queue?.map((item) => (
              <QueueItem key={item.id} item={item} disabled={busy || task !== null} onClaim={claimTask} />
            ))}
          </ul>
          {queue?.length === 0 && <p class="muted">No open tasks.</p>}
        </section>
        <Shortcuts />
      </aside>
      <main id="main" class="workspace">
        {task ? (
          <TaskView
            key={task.id}
            api={api}
            task={task}
            onFinished={(result) => finish(result)}
            onReleased={() => finish(null, 'Task released: it is back in the queue.')}
            onAbandoned={() => finish(null)}
          />
        ) : outcome ? (
          <TaskDone outcome={outcome} onNext={() => void claimNext()} />
        ) : (
          <section class="empty">
            <h1>Nothing leased</h1>
            <p>
              Press <kbd>N</kbd> or <em>Claim next</em> to take the most important open task in your languages, or claim one from the queue.
            </p>
          </section>
        )}
      </main>
    </div>
  );
}

function QueueItem({ item, disabled, onClaim }: { item: ReviewTask; disabled: boolean; onClaim(id: string): void }) {
  return (
    <li data-testid="queue-item" data-task-id={item.id}>
      <span class="claim-line">{item.claim.text}</span>
      <span class="meta">
        <span title="priority">P {item.priority.toFixed(2)}</span>
        <span title="language">{item.language ?? item.claim.language ?? '?'}</span>
        <span title="newsroom (article source)">{hostOf(item.article.url) ?? item.article.title ?? 'unknown source'}</span>
        <span title="waiting for">{age(item.createdAt)}</span>
        {item.cluster && item.cluster.size > 1 && <span title="articles with this claim">×{item.cluster.size} articles</span>}
      </span>
      <button
        type="button"
        class="secondary"
        disabled={disabled}
        onClick={() => onClaim(item.id)}
        aria-label={`Claim: ${item.claim.text.slice(0, 80)}`}
      >
        Claim
      </button>
    </li>
  );
}

function TaskDone({ outcome, onNext }: { outcome: TaskOutcome; onNext(): void }) {
  return (
    <section class="done" data-testid="task-done" role="status">
      <h1>{outcome.kind === 'verified' ? 'Verdict recorded' : 'Claim dismissed'}</h1>
      <p class="claim-text">{outcome.task.claim.text}</p>
      {outcome.kind === 'verified' ? (
        <p>
          <span class={`rating rating-${outcome.rating}`}>{label(outcome.rating)}</span> {outcome.detail}
        </p>
      ) : (
        <p>Reason: {outcome.detail}</p>
      )}
      {outcome.task.cluster && outcome.task.cluster.size > 1 && <p>Applied to all {outcome.task.cluster.size} claims of its cluster.</p>}
      <button type="button" onClick={onNext}>
        Claim next <kbd>N</kbd>
      </button>
    </section>
  );
}
