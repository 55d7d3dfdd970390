import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ArticleRepository } from './article.repository';

/** Idempotency keys are promised for at least 24 h; they are dropped after 48 h. */
export const IDEMPOTENCY_KEY_RETENTION_HOURS = 48;
const PURGE_EVERY_MS = 15 * 60 * 1000;

@Injectable()
export class IdempotencyKeyPurger implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyKeyPurger.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly articles: ArticleRepository) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async purge(): Promise<number> {
    try {
      return await this.articles.purgeIdempotencyKeys(IDEMPOTENCY_KEY_RETENTION_HOURS);
    } catch (error) {
      this.logger.warn(`idempotency key purge failed: ${(error as Error).message}`);
      return 0;
    }
  }
}
