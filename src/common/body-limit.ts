import { SetMetadata } from '@nestjs/common';

/** The largest body any route accepts (an article or a fact-check import); 413 past it on every route. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** What a route accepts unless it says otherwise: every small command fits many times over. */
export const DEFAULT_BODY_BYTES = 64 * 1024;
/** Deeper JSON bodies answer 400 before any validation walks them (metadata has its own, lower limit). */
export const MAX_BODY_DEPTH = 32;

export const BODY_LIMIT = 'claimflow:body-limit';

/** The largest JSON body this route or controller reads (bytes, at most MAX_BODY_BYTES). */
export const BodyLimit = (bytes: number) => SetMetadata(BODY_LIMIT, Math.min(bytes, MAX_BODY_BYTES));
