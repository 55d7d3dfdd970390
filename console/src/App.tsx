import { useEffect, useState } from 'preact/hooks';
import { type Api, ApiError, createApi, detectRole, type Role } from './api';
import { NewsroomDesk } from './newsroom/NewsroomDesk';
import { ReviewerDesk } from './reviewer/ReviewerDesk';
import { forgetKey, saveKey, savedKey } from './session';
import { SignIn } from './SignIn';

interface Session {
  api: Api;
  role: Role;
}

function describeSignInError(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return 'This API key is unknown or revoked. Check it and try again.';
  if (error instanceof ApiError) return `Cannot sign in: ${error.message}.`;
  return 'Cannot sign in: unexpected error.';
}

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function signIn(apiKey: string): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const role = await detectRole(createApi(apiKey));
      saveKey(apiKey);
      setSession({ api: createApi(apiKey, expired), role });
    } catch (failure) {
      forgetKey();
      setError(describeSignInError(failure));
    } finally {
      setBusy(false);
    }
  }

  function signOut(): void {
    forgetKey();
    setSession(null);
  }

  function expired(): void {
    signOut();
    setError('Your API key stopped working (revoked?): sign in again.');
  }

  useEffect(() => {
    const stored = savedKey();
    if (stored) void signIn(stored);
  }, []);

  useEffect(() => {
    document.title = session ? `claimflow desk: ${session.role}` : 'claimflow desk: sign in';
  }, [session]);

  return (
    <>
      <header class="topbar">
        <span class="brand">claimflow desk</span>
        {session && (
          <>
            <span class="role">{session.role === 'reviewer' ? 'Reviewer' : 'Newsroom'}</span>
            <button type="button" class="secondary" data-testid="sign-out" onClick={signOut}>
              Sign out
            </button>
          </>
        )}
      </header>
      {!session && <SignIn onSubmit={signIn} error={error} busy={busy} />}
      {session?.role === 'reviewer' && <ReviewerDesk api={session.api} />}
      {session?.role === 'newsroom' && <NewsroomDesk api={session.api} />}
    </>
  );
}
