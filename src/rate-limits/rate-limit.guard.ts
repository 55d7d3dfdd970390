import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import type { Principal } from '../common/principal';
import { RateLimiter } from './rate-limiter.service';

/**
 * 429 with Retry-After once an API key or its newsroom is over its limit. Runs after authentication
 * (createHttpApp installs it after AuthGuard) and before the body is read, so a throttled client costs
 * one Redis round trip. A guard, not an interceptor: Nest wraps every call in rxjs observables once a
 * route has any interceptor.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(private readonly limiter: RateLimiter) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http' || !this.limiter.enabled) return true;
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    if (!request.principal) return true;
    return this.limiter.hit(request.principal).then((verdict) => {
      if (!verdict.allowed) {
        throw new TooManyRequestsException(
          `too many requests for this API key or newsroom; retry after ${verdict.retryAfterSeconds} s`,
          verdict.retryAfterSeconds,
        );
      }
      return true;
    });
  }
}
