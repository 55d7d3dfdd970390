import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { BODY_LIMIT, DEFAULT_BODY_BYTES } from './body-limit';
import { readJsonBody } from './json-body';

/**
 * Reads the JSON body once the request is authenticated and allowed, at the limit the route declares
 * with @BodyLimit (DEFAULT_BODY_BYTES otherwise). It is the last global guard (createHttpApp installs
 * it after AuthGuard and RateLimitGuard), so a request refused earlier never has its body parsed. A
 * guard, not an interceptor: Nest wraps every call in rxjs observables once a route has any interceptor.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (request.body !== undefined) return true;
    const limit = this.reflector.getAllAndOverride<number | undefined>(BODY_LIMIT, [context.getHandler(), context.getClass()]);
    return readJsonBody(request, limit ?? DEFAULT_BODY_BYTES).then((body) => {
      request.body = body;
      return true;
    });
  }
}
