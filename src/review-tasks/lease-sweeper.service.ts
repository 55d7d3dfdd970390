import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ReviewLeases } from './review-leases.service';

const MIN_DELAY_MS = 10;
const EXPIRY_SLACK_MS = 5;

/**
 * The worker's lease sweep. It runs at least every LEASE_SWEEP_MS and, when a lease lapses sooner,
 * wakes right after it, so a lapse shows in every read within milliseconds of leaseExpiresAt.
 * (A lease taken after the sweep went to sleep lasts at least REVIEW_LEASE_SECONDS >= 1 s, so it
 * cannot lapse before the next planned wake-up when LEASE_SWEEP_MS <= 1000.)
 */
@Injectable()
export class LeaseSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LeaseSweeper.name);
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly leases: ReviewLeases,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delay = this.config.leaseSweepMs;
      try {
        await this.leases.lapseExpired();
        const next = await this.leases.nextExpiryInMs();
        if (next !== null) delay = Math.min(delay, Math.max(MIN_DELAY_MS, next + EXPIRY_SLACK_MS));
      } catch (error) {
        if (this.running) this.logger.warn(`lease sweep failed: ${(error as Error).message}`);
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, delay);
      });
    }
  }
}
