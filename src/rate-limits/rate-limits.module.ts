import { Module } from '@nestjs/common';
import { RateLimitInterceptor } from './rate-limit.interceptor';
import { RateLimiter } from './rate-limiter.service';

/** Per-key and per-newsroom request limits of the HTTP API (installed by createHttpApp). */
@Module({ providers: [RateLimiter, RateLimitInterceptor], exports: [RateLimitInterceptor] })
export class RateLimitsModule {}
