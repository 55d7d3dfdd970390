/**
 * Runs `tick` again and again, `delayMs` after each run ends (a tick may return a shorter delay),
 * until stopped; a failing tick is reported and the loop goes on. stop() wakes a sleeping loop and
 * waits for a running tick to finish, so shutdown never cuts a tick in half.
 */
export class PeriodicLoop {
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly delayMs: number,
    private readonly tick: () => Promise<number | void>,
    private readonly onError: (error: Error) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delay = this.delayMs;
      try {
        const next = await this.tick();
        if (typeof next === 'number') delay = Math.min(delay, next);
      } catch (error) {
        if (this.running) this.onError(error as Error);
      }
      if (!this.running) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, delay);
      });
    }
  }
}
