import type { NextFunction, Request, Response } from 'express';
import { httpDuration, httpRequests } from './metrics';

/** Counts and times every request, labelled by the matched route pattern (not the raw path). */
export function httpMetrics(request: Request, response: Response, next: NextFunction): void {
  const stop = httpDuration.startTimer();
  response.on('finish', () => {
    const route = (request.route?.path as string | undefined) ?? 'unmatched';
    const base = request.baseUrl ?? '';
    stop({ method: request.method, route: `${base}${route}` });
    httpRequests.inc({ method: request.method, route: `${base}${route}`, status: String(response.statusCode) });
  });
  next();
}
