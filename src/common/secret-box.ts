import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretKeyRing } from '../config/secret-key-ring';

/**
 * Secrets at rest (AES-256-GCM) under a key ring read from the environment (config/secret-key-ring).
 * Pure: no Nest, no I/O.
 *
 * A sealed value is `enc:v1:<key id>:<base64url(iv | tag | ciphertext)>`: the key id travels with the
 * value, so the ring can hold several keys. New values are sealed with the first (primary) key; any
 * key of the ring opens a value; `needsResealing` finds values to move to the primary key.
 * `aad` binds a value to its row (its id), so a sealed value copied to another row does not open.
 */

/** A sealed value that does not open: wrong key, another row, altered or truncated. */
export class SecretBoxError extends Error {}

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

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
