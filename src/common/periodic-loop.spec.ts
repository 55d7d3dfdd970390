import { PeriodicLoop } from './periodic-loop';

// Fake timers: the loop's sleeps and the ticks' waits run on a clock the test moves, so what is asserted
// after "50 ms" is what the loop does in 50 ms, whatever the load on the box.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('PeriodicLoop', () => {
  it('runs its tick repeatedly, goes on after a failure, and stop waits for the running tick', async () => {
    const errors: string[] = [];
    let ticks = 0;
    let finished = 0;
    const loop = new PeriodicLoop(
      5,
      async () => {
        ticks += 1;
        if (ticks === 2) throw new Error('boom');
        await new Promise((resolve) => setTimeout(resolve, 5));
        finished += 1;
      },
      (error) => errors.push(error.message),
    );
    loop.start();
    await jest.advanceTimersByTimeAsync(80);
    expect(ticks).toBeGreaterThanOrEqual(3);
    const stopping = loop.stop();
    await jest.advanceTimersByTimeAsync(5); // the running tick's wait
    await stopping;
    const stoppedAt = ticks;
    await jest.advanceTimersByTimeAsync(30);
    expect(errors).toEqual(['boom']);
    expect(finished).toBe(ticks - 1); // every tick but the failed one ran to its end
    expect(ticks).toBe(stoppedAt); // nothing runs after stop
  });

  it('sleeps for the delay a tick asks for', async () => {
    let ticks = 0;
    const loop = new PeriodicLoop(
      10_000,
      async () => {
        ticks += 1;
        return 1;
      },
      () => undefined,
    );
    loop.start();
    await jest.advanceTimersByTimeAsync(50);
    await loop.stop();
    expect(ticks).toBeGreaterThan(3);
  });

  it('wake cuts a sleep short, and a wake during a tick skips the next sleep', async () => {
    let ticks = 0;
    let release: () => void = () => undefined;
    const loop = new PeriodicLoop(
      10_000,
      async () => {
        ticks += 1;
        if (ticks === 2) await new Promise<void>((resolve) => (release = resolve));
      },
      () => undefined,
    );
    loop.start();
    await jest.advanceTimersByTimeAsync(20);
    expect(ticks).toBe(1); // asleep for 10 s
    loop.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(ticks).toBe(2); // woken; tick 2 is running
    loop.wake(); // arrives while the tick runs
    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(ticks).toBe(3); // ran again without sleeping 10 s
    await loop.stop();
    expect(loop.running).toBe(false);
  });
});
