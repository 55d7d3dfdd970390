import { newEventId, uuidv7 } from './webhook-ids';
import { eventBody } from './webhook-event-recorder';

describe('ids', () => {
  it('event ids are msg_ + a time-sortable ULID', () => {
    const earlier = newEventId(1_700_000_000_000);
    const later = newEventId(1_700_000_000_001);
    expect(earlier).toMatch(/^msg_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(earlier.slice(0, 14) < later.slice(0, 14)).toBe(true);
    expect(newEventId()).not.toBe(newEventId());
  });

  it('uuidv7 is a version 7 UUID ordered by time', () => {
    const id = uuidv7(1_700_000_000_000);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidv7(1_700_000_000_000) < uuidv7(1_700_000_000_001)).toBe(true);
  });

  it('ids drawn in bulk from one pool of random bytes never repeat (across pool refills)', () => {
    const ids = Array.from({ length: 2000 }, () => uuidv7(1_700_000_000_000));
    const events = Array.from({ length: 2000 }, () => newEventId(1_700_000_000_000));
    expect(new Set(ids).size).toBe(2000);
    expect(new Set(events).size).toBe(2000);
  });

  it('serialises an event body once as {type, timestamp, data}', () => {
    expect(eventBody('article.failed', new Date('2026-01-01T00:00:00Z'), { articleId: 'a', reason: 'x' })).toBe(
      '{"type":"article.failed","timestamp":"2026-01-01T00:00:00.000Z","data":{"articleId":"a","reason":"x"}}',
    );
  });
});
