import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import type { Observable } from 'rxjs';
import type { Principal } from '../common/principal';
import { RateLimiter } from './rate-limiter.service';

/**
 * 429 with Retry-After once an API key or its newsroom is over its limit. Runs after authentication
 * and before the body is read, so a throttled client costs one Redis round trip.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(private readonly limiter: RateLimiter) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http' || !this.limiter.enabled) return next.handle();
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    if (!request.principal) return next.handle();
    const verdict = await this.limiter.hit(request.principal);
    if (!verdict.allowed) {
      throw new TooManyRequestsException(
        `too many requests for this API key or newsroom; retry after ${verdict.retryAfterSeconds} s`,
        verdict.retryAfterSeconds,
      );
    }
    return next.handle();
  }
}
