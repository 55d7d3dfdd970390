import { useEffect, useState } from 'preact/hooks';
import { type Api, queryString } from '../api';
import { age, label } from '../format';
import { type Page, type WebhookDelivery, type WebhookEndpoint } from '../types';
import { submitWith } from '../forms';

const message = (failure: unknown) => (failure instanceof Error ? failure.message : String(failure));

/** The newsroom's webhook endpoints, a form to add one, and an endpoint's delivery log with redeliver. */
export function Webhooks({ api }: { api: Api }) {
  const [endpoints, setEndpoints] = useState<WebhookEndpoint[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    api
      .get<Page<WebhookEndpoint>>('/v1/webhooks?limit=200')
      .then((page) => setEndpoints(page.items))
      .catch((failure: unknown) => setError(message(failure)));
  }, [api, reload]);

  async function add(): Promise<void> {
    setError(null);
    try {
      const created = await api.post<WebhookEndpoint>('/v1/webhooks', { url: url.trim() });
      setSecret(created?.secret ?? null);
      setUrl('');
      setReload((count) => count + 1);
    } catch (failure) {
      setError(message(failure));
    }
  }

  async function remove(id: string): Promise<void> {
    try {
      await api.delete(`/v1/webhooks/${id}`);
      if (selected === id) setSelected(null);
      setReload((count) => count + 1);
    } catch (failure) {
      setError(message(failure));
    }
  }

  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">Webhooks</h1>
      <form class="inline-form" onSubmit={submitWith(add)}>
        <label for="webhook-url">Endpoint URL</label>
        <input id="webhook-url" data-testid="webhook-url" type="url" required value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        <button type="submit" data-testid="webhook-add">
          Add endpoint
        </button>
      </form>
      {secret && (
        <p class="notice" role="status">
          Signing secret (shown once, store it now): <code data-testid="webhook-secret">{secret}</code>
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ul class="cards" data-testid="webhooks">
        {endpoints?.map((endpoint) => (
          <li key={endpoint.id} data-testid="webhook-item">
            <code>{endpoint.url}</code>
            <span class="meta">
              <span>{endpoint.events.length === 5 ? 'all events' : endpoint.events.join(', ')}</span>
              {endpoint.disabledAt && <span class="error">disabled: {endpoint.disabledReason}</span>}
            </span>
            <span class="actions">
              <button type="button" class="secondary" data-testid="webhook-deliveries" onClick={() => setSelected(endpoint.id)}>
                Deliveries
              </button>
              <button type="button" class="danger" onClick={() => void remove(endpoint.id)}>
                Delete
              </button>
            </span>
          </li>
        ))}
      </ul>
      {endpoints?.length === 0 && <p class="muted">No endpoints yet.</p>}
      {selected && <Deliveries key={selected} api={api} endpointId={selected} />}
    </section>
  );
}

function Deliveries({ api, endpointId }: { api: Api; endpointId: string }) {
  const [page, setPage] = useState<Page<WebhookDelivery> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const base = `/v1/webhooks/${endpointId}/deliveries`;

  useEffect(() => {
    api
      .get<Page<WebhookDelivery>>(`${base}${queryString({ limit: 50 })}`)
      .then(setPage)
      .catch((failure: unknown) => setError(message(failure)));
  }, [base, reload]);

  async function redeliver(id: string): Promise<void> {
    try {
      await api.post(`${base}/${id}/redeliver`);
      setReload((count) => count + 1);
    } catch (failure) {
      setError(message(failure));
    }
  }

  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Delivery log</h2>
      <button type="button" class="secondary" onClick={() => setReload((count) => count + 1)}>
        Refresh
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <table class="deliveries" data-testid="deliveries">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {page?.items.map((delivery) => (
            <tr key={delivery.id} data-testid="delivery-item" data-status={delivery.status} data-event-id={delivery.eventId}>
              <td>{delivery.type}</td>
              <td>
                <span class={`status status-${delivery.status}`}>{label(delivery.status)}</span>
              </td>
              <td>{delivery.attempts}</td>
              <td>{delivery.lastStatusCode ?? delivery.lastError ?? '—'}</td>
              <td>{age(delivery.createdAt)} ago</td>
              <td>
                <button type="button" class="secondary" data-testid="redeliver" onClick={() => void redeliver(delivery.id)}>
                  Redeliver
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page?.items.length === 0 && <p class="muted">No deliveries yet.</p>}
    </section>
  );
}
