import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicLoop } from './periodic-loop';

/**
 * A process's periodic work on the shared PeriodicLoop, wired to Nest's lifecycle once: the loop starts
 * when the application has booted and stops, waiting for a running tick, before connections close. A
 * failing tick is logged as `<what failed>: <message>` and the loop goes on. Subclasses give their
 * name, the delay and tick() (which may return the delay before the next run).
 */
export abstract class PeriodicTask implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger: Logger;
  protected readonly loop: PeriodicLoop;

  protected constructor(name: string, delayMs: number, whatFailed: string) {
    this.logger = new Logger(name);
    this.loop = new PeriodicLoop(
      delayMs,
      () => this.tick(),
      (error) => this.logger.warn(`${whatFailed}: ${error.message}`),
    );
  }

  protected abstract tick(): Promise<number | void>;

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}
