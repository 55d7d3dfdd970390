import { PeriodicTask } from './periodic-task';

class CountingTask extends PeriodicTask {
  ticks = 0;
  running = false;

  constructor(private readonly fail = false) {
    super('CountingTask', 5, 'counting failed');
  }

  protected async tick(): Promise<void> {
    this.running = true;
    this.ticks += 1;
    await new Promise((resolve) => setTimeout(resolve, 10));
    this.running = false;
    if (this.fail) throw new Error('boom');
  }

  warnings(): string[] {
    return (this.logger.warn as jest.Mock).mock.calls.map(([message]) => message as string);
  }
}

// Fake timers: "50 ms" is 50 ms of the loop's own clock, however loaded the box.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** Stops the task while its clock moves on (shutdown waits for the running tick's 10 ms). */
async function shutDown(task: CountingTask): Promise<void> {
  const stopping = task.beforeApplicationShutdown();
  await jest.advanceTimersByTimeAsync(10);
  await stopping;
}

describe('PeriodicTask', () => {
  it('does nothing until the application has booted, then ticks until shutdown, which waits for the running tick', async () => {
    const task = new CountingTask();
    await jest.advanceTimersByTimeAsync(20);
    expect(task.ticks).toBe(0);
    task.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(50);
    expect(task.ticks).toBeGreaterThan(1);
    expect(task.running).toBe(true); // a tick runs when shutdown comes: shutdown waits for it
    await shutDown(task);
    expect(task.running).toBe(false);
    const after = task.ticks;
    await jest.advanceTimersByTimeAsync(30);
    expect(task.ticks).toBe(after);
  });

  it('logs a failing tick with what failed and goes on', async () => {
    const task = new CountingTask(true);
    jest.spyOn(task['logger'], 'warn').mockImplementation(() => undefined);
    task.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(50);
    await shutDown(task);
    expect(task.ticks).toBeGreaterThan(1);
    expect(task.warnings()[0]).toBe('counting failed: boom');
  });
});
