/**
 * The key ring that seals secrets at rest (common/secret-box), as WEBHOOK_SECRET_KEYS gives it:
 * several keys by id, the first (primary) seals, any opens. Pure: no Nest, no I/O.
 */
export interface SecretKeyRing {
  primaryId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export class KeyRingError extends Error {}

const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** `kid2:base64,kid1:base64` (first = primary); each key 32 bytes of base64. Throws KeyRingError naming the problem. */
export function parseKeyRing(raw: string): SecretKeyRing {
  const keys = new Map<string, Buffer>();
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new KeyRingError('needs at least one key as "<key id>:<base64 of 32 bytes>"');
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    const encoded = colon < 0 ? '' : entry.slice(colon + 1);
    if (!KEY_ID.test(id)) throw new KeyRingError(`each key must be "<key id>:<base64>" with a key id of [A-Za-z0-9_-]{1,32}`);
    if (keys.has(id)) throw new KeyRingError(`key id "${id}" appears twice`);
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) throw new KeyRingError(`key "${id}" is not base64`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== KEY_BYTES) throw new KeyRingError(`key "${id}" must be ${KEY_BYTES} bytes, got ${key.length}`);
    keys.set(id, key);
  }
  return { primaryId: entries[0].slice(0, entries[0].indexOf(':')), keys };
}
