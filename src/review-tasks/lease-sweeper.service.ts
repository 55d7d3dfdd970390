import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { PeriodicLoop } from '../common/periodic-loop';
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
  private readonly loop: PeriodicLoop;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly leases: ReviewLeases,
  ) {
    this.loop = new PeriodicLoop(
      config.leaseSweepMs,
      () => this.sweep(),
      (error) => this.logger.warn(`lease sweep failed: ${error.message}`),
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Lapses what has expired; sleeps until the next lease lapses when that is sooner than LEASE_SWEEP_MS. */
  private async sweep(): Promise<number | void> {
    await this.leases.lapseExpired();
    const next = await this.leases.nextExpiryInMs();
    if (next !== null) return Math.min(this.config.leaseSweepMs, Math.max(MIN_DELAY_MS, next + EXPIRY_SLACK_MS));
  }
}
