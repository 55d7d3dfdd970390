import { Module } from '@nestjs/common';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimiter } from './rate-limiter.service';

/** Per-key and per-newsroom request limits of the HTTP API (installed by createHttpApp). */
@Module({ providers: [RateLimiter, RateLimitGuard], exports: [RateLimitGuard] })
export class RateLimitsModule {}
