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

describe('PeriodicTask', () => {
  it('does nothing until the application has booted, then ticks until shutdown, which waits for the running tick', async () => {
    const task = new CountingTask();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(task.ticks).toBe(0);
    task.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(task.ticks).toBeGreaterThan(1);
    await task.beforeApplicationShutdown();
    expect(task.running).toBe(false);
    const after = task.ticks;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(task.ticks).toBe(after);
  });

  it('logs a failing tick with what failed and goes on', async () => {
    const task = new CountingTask(true);
    jest.spyOn(task['logger'], 'warn').mockImplementation(() => undefined);
    task.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await task.beforeApplicationShutdown();
    expect(task.ticks).toBeGreaterThan(1);
    expect(task.warnings()[0]).toBe('counting failed: boom');
  });
});
