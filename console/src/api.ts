// The only way the console talks to the server: the public API, with the signed-in key.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  /** Null for a 204 answer. */
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T | null>;
  delete(path: string): Promise<void>;
}

function messageOf(status: number, body: unknown): string {
  const message = (body as { message?: unknown } | null)?.message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (typeof message === 'string' && message) return message;
  return `the server answered ${status}`;
}

/** `onUnauthorized` runs when the key stops working mid-session (revoked): the console signs out. */
export function createApi(apiKey: string, onUnauthorized?: () => void, fetcher: typeof fetch = (...args) => fetch(...args)): Api {
  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T | null> {
    let response: Response;
    try {
      response = await fetcher(path, {
        method,
        headers: {
          Authorization: `Bearer ${apiKey}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'the server cannot be reached; check your connection');
    }
    if (response.status === 204) return null;
    const parsed: unknown = await response.json().catch(() => null);
    if (response.status === 401) onUnauthorized?.();
    if (!response.ok) throw new ApiError(response.status, messageOf(response.status, parsed));
    return parsed as T;
  }
  return {
    get: async <T>(path: string) => (await call<T>('GET', path)) as T,
    post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body, headers),
    delete: async (path: string) => {
      await call('DELETE', path);
    },
  };
}

export type Role = 'reviewer' | 'newsroom';

/** Which desk a key opens: reviewers may list review tasks, newsrooms their articles. */
export async function detectRole(api: Api): Promise<Role> {
  for (const [role, probe] of [
    ['reviewer', '/v1/review-tasks?limit=1'],
    ['newsroom', '/v1/articles?limit=1'],
  ] as const) {
    try {
      await api.get(probe);
      return role;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 403) throw error;
    }
  }
  throw new ApiError(403, 'this key is neither a reviewer nor a newsroom key (admin keys have no console)');
}

export const queryString = (params: Record<string, string | number | null | undefined>): string => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== null && value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};
