import { HEALTHY_MS, MAX_QUICK_DEATHS, nextRestart, type RestartState } from './thread-restarts';

describe('nextRestart', () => {
  it('backs off 1, 2, 4, 8 s while the thread keeps dying soon after its start, then gives up', () => {
    let state: RestartState = { quickDeaths: 0 };
    const delays: Array<number | null> = [];
    for (let death = 0; death <= MAX_QUICK_DEATHS; death++) {
      const next = nextRestart(state, 500);
      delays.push(next.delayMs);
      state = next.state;
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, null]);
  });

  it('starts counting afresh after a thread that ran healthy for a while', () => {
    const afterThree = { quickDeaths: 3 };
    expect(nextRestart(afterThree, HEALTHY_MS)).toEqual({ delayMs: 1000, state: { quickDeaths: 1 } });
    expect(nextRestart(afterThree, HEALTHY_MS - 1).delayMs).toBe(8000);
  });
});
