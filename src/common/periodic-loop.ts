/**
 * Runs `tick` again and again, sleeping `delayMs` after each run (or the delay the tick returns),
 * until stopped; a failing tick is reported and the loop goes on. wake() cuts a sleep short, and a
 * wake() that arrives while a tick runs skips the next sleep, so no wake-up is lost. stop() wakes a
 * sleeping loop and waits for a running tick to finish, so shutdown never cuts a tick in half.
 */
export class PeriodicLoop {
  private isRunning = false;
  private timer: NodeJS.Timeout | null = null;
  private sleeping: (() => void) | null = null;
  private wakeRequested = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly delayMs: number,
    private readonly tick: () => Promise<number | void>,
    private readonly onError: (error: Error) => void,
  ) {}

  get running(): boolean {
    return this.isRunning;
  }

  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.loop = this.run();
  }

  wake(): void {
    if (this.sleeping) this.sleeping();
    else this.wakeRequested = true;
  }

  async stop(): Promise<void> {
    this.isRunning = false;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.isRunning) {
      this.wakeRequested = false;
      let delay = this.delayMs;
      try {
        const next = await this.tick();
        if (typeof next === 'number') delay = next;
      } catch (error) {
        if (this.isRunning) this.onError(error as Error);
      }
      if (!this.isRunning || this.wakeRequested) continue;
      await new Promise<void>((resolve) => {
        this.sleeping = resolve;
        this.timer = setTimeout(resolve, delay);
      });
      if (this.timer) clearTimeout(this.timer);
      this.sleeping = null;
    }
  }
}
