import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { BODY_LIMIT, DEFAULT_BODY_BYTES } from './body-limit';
import { readJsonBody } from './json-body';

/**
 * Reads the JSON body once the request is authenticated and allowed (interceptors run after every
 * guard), at the limit the route declares with @BodyLimit (DEFAULT_BODY_BYTES otherwise). A request
 * refused earlier never has its body parsed.
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<Request>();
      if (request.body === undefined) {
        const limit = this.reflector.getAllAndOverride<number | undefined>(BODY_LIMIT, [context.getHandler(), context.getClass()]);
        request.body = await readJsonBody(request, limit ?? DEFAULT_BODY_BYTES);
      }
    }
    return next.handle();
  }
}
