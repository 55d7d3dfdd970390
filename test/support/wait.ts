/** Resolves after `ms` (real time): for letting time pass, never for waiting on a condition (see waitFor). */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until check returns a truthy value (and answers it) or the timeout passes, then throws with
 * the last error check threw. The deadline is generous on purpose: on a loaded CI box what a test
 * waits for can take many times as long as on a quiet one.
 */
export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 20000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await sleep(intervalMs);
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
}
