import { recoveryDecision } from './recovery-decision';

describe('recoveryDecision', () => {
  const now = 1_000_000;
  const after = 60_000;

  it('queues work whose job is gone', () => {
    expect(recoveryDecision(null, now, after)).toBe('add');
    expect(recoveryDecision({ state: 'unknown', finishedOn: null }, now, after)).toBe('add');
  });

  it.each(['failed', 'completed'])('replaces a %s job that finished long enough ago, and leaves a recent one', (state) => {
    expect(recoveryDecision({ state, finishedOn: now - after }, now, after)).toBe('revive');
    expect(recoveryDecision({ state, finishedOn: now - after + 1 }, now, after)).toBe('leave');
  });

  it.each(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children'])('leaves a %s job alone', (state) => {
    expect(recoveryDecision({ state, finishedOn: null }, now, after)).toBe('leave');
  });
});
