import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (AES-256-GCM) under a key ring read from the environment. Pure: no Nest, no I/O.
 *
 * A sealed value is `enc:v1:<key id>:<base64url(iv | tag | ciphertext)>`: the key id travels with the
 * value, so the ring can hold several keys. New values are sealed with the first (primary) key; any
 * key of the ring opens a value; `needsResealing` finds values to move to the primary key.
 * `aad` binds a value to its row (its id), so a sealed value copied to another row does not open.
 */
export interface SecretKeyRing {
  primaryId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export class SecretBoxError extends Error {}

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** `kid2:base64,kid1:base64` (first = primary); each key 32 bytes of base64. Throws SecretBoxError naming the problem. */
export function parseKeyRing(raw: string): SecretKeyRing {
  const keys = new Map<string, Buffer>();
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new SecretBoxError('needs at least one key as "<key id>:<base64 of 32 bytes>"');
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    const encoded = colon < 0 ? '' : entry.slice(colon + 1);
    if (!KEY_ID.test(id)) throw new SecretBoxError(`each key must be "<key id>:<base64>" with a key id of [A-Za-z0-9_-]{1,32}`);
    if (keys.has(id)) throw new SecretBoxError(`key id "${id}" appears twice`);
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) throw new SecretBoxError(`key "${id}" is not base64`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== KEY_BYTES) throw new SecretBoxError(`key "${id}" must be ${KEY_BYTES} bytes, got ${key.length}`);
    keys.set(id, key);
  }
  return { primaryId: entries[0].slice(0, entries[0].indexOf(':')), keys };
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** The key id a sealed value names, or null for a plain value. */
export function sealedKeyId(value: string): string | null {
  if (!isSealed(value)) return null;
  const rest = value.slice(PREFIX.length);
  return rest.slice(0, rest.indexOf(':'));
}

export function seal(ring: SecretKeyRing, plaintext: string, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', ring.keys.get(ring.primaryId)!, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${PREFIX}${ring.primaryId}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
}

/**
 * The plaintext of a sealed value. A plain value (a row written before encryption, not yet
 * migrated) is returned as it is, so the batched migration can run while the service does.
 */
export function open(ring: SecretKeyRing, value: string, aad: string): string {
  if (!isSealed(value)) return value;
  const keyId = sealedKeyId(value)!;
  const key = ring.keys.get(keyId);
  if (!key) throw new SecretBoxError(`sealed with key "${keyId}", which the key ring does not have`);
  const packed = Buffer.from(value.slice(PREFIX.length + keyId.length + 1), 'base64url');
  if (packed.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('sealed value is truncated');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, packed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(packed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError(`sealed value does not open with key "${keyId}" (wrong key, other row, or altered)`);
  }
}

/** True for a plain value or one sealed with a key other than the primary. */
export function needsResealing(ring: SecretKeyRing, value: string): boolean {
  return sealedKeyId(value) !== ring.primaryId;
}
