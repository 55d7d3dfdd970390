import { createHmac, timingSafeEqual } from 'node:crypto';
import { applyDecorators, BadRequestException } from '@nestjs/common';
import { Expose, Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';
import { PLAIN_MESSAGE } from './query.pipe';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Position after the last item of a page ordered by (sortKey DESC, id DESC) or similar. */
export interface CursorPosition {
  k: string | number;
  id: string;
}

const INVALID_CURSOR = 'cursor is not valid: pass back a nextCursor this server returned';
const limitMessage = (max: number) => `limit must be an integer between 1 and ${max}`;

/** A query DTO's `limit`: absent or empty is `fallback`, else digits for an integer of 1..max. */
export function PageLimit(fallback: number, max = 200): PropertyDecorator {
  const toNumber = (value: unknown) =>
    value === undefined || value === '' ? fallback : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return applyDecorators(
    Expose(), // read even when absent, to take the fallback
    Transform(({ value }) => toNumber(value)),
    ValidateBy(
      {
        name: 'pageLimit',
        validator: { validate: (value: unknown) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max },
      },
      { message: limitMessage(max), ...PLAIN_MESSAGE },
    ),
  );
}

/** A query DTO's `cursor`: absent, or one string for CursorCodec.decode (a repeated parameter is refused as decode would). */
export function PageCursor(): PropertyDecorator {
  return ValidateBy(
    { name: 'pageCursor', validator: { validate: (value: unknown) => value === undefined || typeof value === 'string' } },
    { message: INVALID_CURSOR, ...PLAIN_MESSAGE },
  );
}

/** Cursors are signed so a cursor this server did not issue is refused with 400. */
export class CursorCodec {
  constructor(private readonly secret: string) {}

  encode(position: CursorPosition): string {
    const body = Buffer.from(JSON.stringify(position)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  decode(raw: unknown): CursorPosition | null {
    if (raw === undefined || raw === '') return null;
    if (typeof raw !== 'string') throw invalidCursor();
    const [body, signature, extra] = raw.split('.');
    if (!body || !signature || extra !== undefined) throw invalidCursor();
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalidCursor();
    try {
      const position = JSON.parse(Buffer.from(body, 'base64url').toString()) as CursorPosition;
      if (typeof position.id === 'string' && ['string', 'number'].includes(typeof position.k)) return position;
    } catch {
      // fall through: a signed but unreadable cursor is as invalid as a forged one
    }
    throw invalidCursor();
  }

  page<T>(rows: T[], limit: number, position: (row: T) => CursorPosition): Page<T> {
    const items = rows.slice(0, limit);
    const hasMore = rows.length > limit;
    return { items, nextCursor: hasMore ? this.encode(position(items[items.length - 1])) : null };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url').slice(0, 22);
  }
}

function invalidCursor(): BadRequestException {
  return new BadRequestException(INVALID_CURSOR);
}
