import { useEffect, useRef, useState } from 'preact/hooks';

interface Props {
  onSubmit(apiKey: string): Promise<void>;
  error: string | null;
  busy: boolean;
}

export function SignIn({ onSubmit, error, busy }: Props) {
  const [apiKey, setApiKey] = useState('');
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
  return (
    <main class="sign-in" id="main">
      <h1>Sign in</h1>
      <p>Paste the API key your desk administrator gave you. It stays in this tab only and is forgotten when you sign out or close it.</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (apiKey.trim()) void onSubmit(apiKey.trim());
        }}
      >
        <label for="api-key">API key</label>
        <input
          id="api-key"
          data-testid="api-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          ref={field}
          required
          value={apiKey}
          onInput={(event) => setApiKey(event.currentTarget.value)}
          aria-describedby={error ? 'auth-error' : undefined}
        />
        <button type="submit" data-testid="sign-in" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {error && (
        <p id="auth-error" class="error" role="alert" data-testid="auth-error">
          {error}
        </p>
      )}
    </main>
  );
}
