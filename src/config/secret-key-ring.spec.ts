import { KeyRingError, parseKeyRing } from './secret-key-ring';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

describe('secret key ring (WEBHOOK_SECRET_KEYS)', () => {
  it('takes the first key as primary and keeps every key by id', () => {
    const ring = parseKeyRing(`k2:${key(2)}, k1:${key(1)}`);
    expect(ring.primaryId).toBe('k2');
    expect([...ring.keys.keys()]).toEqual(['k2', 'k1']);
    expect(ring.keys.get('k1')).toEqual(Buffer.alloc(32, 1));
  });

  it('names what is wrong with a key ring', () => {
    expect(() => parseKeyRing('')).toThrow(KeyRingError);
    expect(() => parseKeyRing('')).toThrow(/at least one key/);
    expect(() => parseKeyRing('k1')).toThrow(/<key id>:<base64>/);
    expect(() => parseKeyRing(`k1:${Buffer.alloc(31).toString('base64')}`)).toThrow(/32 bytes, got 31/);
    expect(() => parseKeyRing(`k1:${key(1)},k1:${key(2)}`)).toThrow(/twice/);
    expect(parseKeyRing(`k1:${Buffer.alloc(32, 9).toString('base64url')}`).primaryId).toBe('k1');
  });
});
