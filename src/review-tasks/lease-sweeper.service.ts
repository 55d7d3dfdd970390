import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { PeriodicTask } from '../common/periodic-task';
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
export class LeaseSweeper extends PeriodicTask {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly leases: ReviewLeases,
  ) {
    super(LeaseSweeper.name, config.leaseSweepMs, 'lease sweep failed');
  }

  /**
   * Lapses what has expired; sleeps until the next lease lapses when that is sooner than LEASE_SWEEP_MS.
   * The next expiry also says whether one has passed, so a sweep with nothing to lapse is one read.
   */
  protected async tick(): Promise<number | void> {
    let next = await this.leases.nextExpiryInMs();
    if (next !== null && next <= 0) {
      await this.leases.lapseExpired();
      next = await this.leases.nextExpiryInMs();
    }
    if (next !== null) return Math.min(this.config.leaseSweepMs, Math.max(MIN_DELAY_MS, next + EXPIRY_SLACK_MS));
  }
}
