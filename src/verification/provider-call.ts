import type { ClaimRow } from '../workflow/claim.entity';
import type { EvidenceFinding, EvidenceProvider } from './evidence-provider';

export type ProviderOutcome<T = EvidenceFinding[]> =
  { provider: string; ok: true; findings: T; attempts: number } | { provider: string; ok: false; error: string; attempts: number };

export interface ProviderCallOptions {
  timeoutMs: number;
  retries: number;
  retryDelayMs?: number;
}

/** One claim asked of one provider; see callWithRetries. */
export function callProvider(provider: EvidenceProvider, claim: ClaimRow, options: ProviderCallOptions): Promise<ProviderOutcome> {
  return callWithRetries(provider.name, (signal) => provider.search(claim, signal), options);
}

/**
 * Calls a provider with a timeout per attempt (an AbortSignal the provider should honour; the call is
 * also abandoned when the signal fires, for providers that do not) and `retries` more attempts on
 * failure. Never throws: a failing provider is an outcome, so it can never fail the claim.
 */
export async function callWithRetries<T>(
  provider: string,
  work: (signal: AbortSignal) => Promise<T>,
  options: ProviderCallOptions,
): Promise<ProviderOutcome<T>> {
  let lastError = 'no attempt made';
  const attempts = options.retries + 1;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      const findings = await abandonOnAbort(work(signal), signal);
      return { provider, ok: true, findings, attempts: attempt };
    } catch (error) {
      lastError = signal.aborted ? `timed out after ${options.timeoutMs} ms` : ((error as Error)?.message ?? String(error));
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? 100) * attempt));
  }
  return { provider, ok: false, error: lastError, attempts };
}

function abandonOnAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
