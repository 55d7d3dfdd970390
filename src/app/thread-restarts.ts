/**
 * When a thread that died unexpectedly is started again: after 1, 2, 4 ... s of backoff, as long as it
 * keeps dying within HEALTHY_MS of its start; after MAX_QUICK_DEATHS such deaths in a row the process
 * gives up (null: exit non-zero, for the supervisor to restart it) instead of living on delivering nothing.
 */
export const HEALTHY_MS = 60_000;
export const MAX_QUICK_DEATHS = 4;
const FIRST_DELAY_MS = 1000;

export interface RestartState {
  /** Deaths in a row, each within HEALTHY_MS of its start. */
  quickDeaths: number;
}

export function nextRestart(state: RestartState, ranMs: number): { delayMs: number | null; state: RestartState } {
  const quickDeaths = ranMs >= HEALTHY_MS ? 1 : state.quickDeaths + 1;
  const delayMs = quickDeaths > MAX_QUICK_DEATHS ? null : FIRST_DELAY_MS * 2 ** (quickDeaths - 1);
  return { delayMs, state: { quickDeaths } };
}
