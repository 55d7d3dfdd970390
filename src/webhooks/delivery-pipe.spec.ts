import { type PipeLimits, type PipeSource, runPipe, type Sent } from './delivery-pipe';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A source of `total` numbered items that answer after `sendMs`, recording what happened. */
function source(total: number, sendMs: number) {
  let next = 0;
  const log = {
    claimed: 0,
    claims: [] as number[],
    started: [] as Array<{ item: number; at: number }>,
    flushed: [] as number[],
    givenBack: [] as number[],
  };
  const pipe: PipeSource<number, 'ok'> = {
    claim: async (limit) => {
      log.claims.push(limit);
      const items = Array.from({ length: Math.min(limit, total - next) }, (_, index) => next + index);
      next += items.length;
      log.claimed += items.length;
      return items;
    },
    send: async (item) => {
      log.started.push({ item, at: Date.now() });
      await sleep(sendMs);
      return 'ok';
    },
    flush: async (batch: Array<Sent<number, 'ok'>>) => void log.flushed.push(...batch.map((sent) => sent.item)),
    giveBack: async (items) => void log.givenBack.push(...items),
  };
  return { pipe, log };
}

const limits = (overrides: Partial<PipeLimits>): PipeLimits => ({
  width: 2,
  leaseMs: 60_000,
  sendTimeoutMs: 1000,
  marginMs: 100,
  maxAhead: 50,
  firstClaim: 10,
  flushEvery: 8,
  flushAfterMs: 10,
  maxUnrecorded: 1000,
  claimUntil: Date.now() + 60_000,
  tailMs: 1000,
  ...overrides,
});

// Fake timers: the sends' durations, the leases and the flush timer run on a clock only the pipe moves,
// so what it starts, claims and flushes in "200 ms" does not depend on the load on the box.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** Runs the pipe to its end, the fake clock moved from timer to timer. */
async function run(pipe: PipeSource<number, 'ok'>, pipeLimits: PipeLimits) {
  const running = runPipe(pipe, pipeLimits);
  running.catch(() => undefined); // a rejection is the caller's to assert, once the timers have run
  await jest.runAllTimersAsync();
  return running;
}

describe('runPipe', () => {
  it('sends every item once, width at a time, claims growing to maxAhead, and records every outcome', async () => {
    const { pipe, log } = source(300, 2);
    const result = await run(pipe, limits({}));
    expect(result).toMatchObject({ outOfTime: false, sent: 300, givenBack: 0 });
    expect(log.started.map((start) => start.item)).toEqual(Array.from({ length: 300 }, (_, index) => index));
    expect([...log.flushed].sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, index) => index));
    expect(log.claims[0]).toBe(10);
    expect(Math.max(...log.claims)).toBeGreaterThan(10);
    expect(Math.max(...log.claims)).toBeLessThanOrEqual(50);
    // Batched: far fewer flushes and claims than items.
    expect(result.flushes).toBeLessThan(300 / 4);
  });

  it('a slow receiver: nothing starts once its lease could not cover the attempt; the rest is given back, and claims shrink', async () => {
    // Usable lease 400 - 150 - 50 = 200 ms at 150 ms per send on 2 lanes: about 4 of the first 10 start.
    const { pipe, log } = source(40, 150);
    const started = Date.now();
    const result = await run(pipe, limits({ leaseMs: 400, sendTimeoutMs: 150, marginMs: 50 }));
    expect(result.givenBack).toBeGreaterThan(0);
    // Every claimed item was either started or given back, never both.
    expect(log.started.length + log.givenBack.length).toBe(log.claimed);
    expect(log.givenBack.filter((item) => log.started.some((start) => start.item === item))).toEqual([]);
    // The first claim's items started within its usable lease (claimed at about `started`).
    const firstClaimItems = log.started.filter((start) => start.item < 10);
    for (const start of firstClaimItems) expect(start.at - started).toBeLessThanOrEqual(200 + 50);
    expect(new Set(log.flushed)).toEqual(new Set(log.started.map((start) => start.item)));
    // Later claims are sized to what 2 lanes start in 200 ms at 150 ms each: the width.
    expect(log.claims.slice(1).every((limit) => limit <= 2)).toBe(true);
  });

  it('out of time: stops claiming, starts what it has for the tail, gives back the rest', async () => {
    const { pipe, log } = source(1000, 20);
    const result = await run(pipe, limits({ claimUntil: Date.now() + 100, tailMs: 50, firstClaim: 40, maxAhead: 40 }));
    expect(result.outOfTime).toBe(true);
    expect(result.sent + result.givenBack).toBe(log.claimed);
    expect(log.claims.length).toBeGreaterThan(0);
    expect(new Set(log.flushed)).toEqual(new Set(log.started.map((start) => start.item)));
    expect(result.sent).toBeLessThan(1000);
  });

  it('a flush that fails is tried again with the same outcomes: every one is recorded, none sent twice, the run succeeds', async () => {
    const { pipe, log } = source(100, 5);
    const tries: number[][] = [];
    let failuresLeft = 3;
    pipe.flush = async (batch) => {
      tries.push(batch.map((sent) => sent.item));
      // Postgres cancels the statement (a statement timeout on a loaded box): nothing of it is recorded.
      if (failuresLeft-- > 0) throw new Error('canceling statement due to statement timeout');
      log.flushed.push(...batch.map((sent) => sent.item));
    };
    const result = await run(pipe, limits({ flushEvery: 4 }));
    expect(result).toMatchObject({ sent: 100, givenBack: 0 });
    expect(tries[1]).toEqual(tries[0]);
    expect([...log.flushed].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, index) => index));
    expect(new Set(log.started.map((start) => start.item)).size).toBe(log.started.length);
  });

  it('while a flush hangs, at most maxUnrecorded outcomes wait: the lanes stop, no flush grows past it', async () => {
    const { pipe, log } = source(200, 1);
    const batches: number[] = [];
    let hang = true;
    pipe.flush = async (batch) => {
      batches.push(batch.length);
      if (hang) await sleep(1000);
      hang = false;
      log.flushed.push(...batch.map((sent) => sent.item));
    };
    const running = runPipe(pipe, limits({ width: 4, flushEvery: 4, maxUnrecorded: 16 }));
    await jest.advanceTimersByTimeAsync(500);
    // The first flush hangs: 16 outcomes at most are answered and unrecorded meanwhile, nothing more starts.
    expect(log.started.length).toBeLessThanOrEqual(16);
    await jest.runAllTimersAsync();
    await expect(running).resolves.toMatchObject({ sent: 200 });
    expect(Math.max(...batches)).toBeLessThanOrEqual(16);
    expect([...log.flushed].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, index) => index));
  });

  it('a flush failing until its leases would lapse ends the run with its error once the sends in flight are done, and still gives back what was not started', async () => {
    const { pipe, log } = source(100, 5);
    let tries = 0;
    pipe.flush = async () => {
      tries += 1;
      throw new Error('postgres away');
    };
    await expect(run(pipe, limits({ flushEvery: 4, maxUnrecorded: 8, leaseMs: 5000, sendTimeoutMs: 100, marginMs: 100 }))).rejects.toThrow(
      'postgres away',
    );
    expect(tries).toBeGreaterThan(2);
    expect(log.started.length + log.givenBack.length).toBe(log.claimed);
    expect(log.givenBack.length).toBeGreaterThan(0);
  });
});
