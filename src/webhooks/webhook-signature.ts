import { createHmac, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';

/** Standard Webhooks signing (https://www.standardwebhooks.com). Pure: no Nest, no I/O. */
export const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/**
 * The HMAC key of a secret: the base64-decoded part after `whsec_`, imported once (a drain signs
 * every attempt of its endpoint with the same keys; decoding and importing per attempt cost more
 * than the HMAC of a small body).
 */
export function signingKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64'));
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function signatureWith(key: KeyObject, id: string, timestampSeconds: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

export function signature(secret: string, id: string, timestampSeconds: number, body: string): string {
  return signatureWith(signingKey(secret), id, timestampSeconds, body);
}

/** The `webhook-signature` header: one space-separated entry per key (several during a rotation). */
export function signatureHeaderWith(keys: KeyObject[], id: string, timestampSeconds: number, body: string): string {
  return keys.map((key) => signatureWith(key, id, timestampSeconds, body)).join(' ');
}

export function signatureHeader(secrets: string[], id: string, timestampSeconds: number, body: string): string {
  return signatureHeaderWith(secrets.map(signingKey), id, timestampSeconds, body);
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function signedHeadersWith(keys: KeyObject[], id: string, body: string, now: Date = new Date()): SignedHeaders {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeaderWith(keys, id, timestamp, body),
  };
}

export function signedHeaders(secrets: string[], id: string, body: string, now: Date = new Date()): SignedHeaders {
  return signedHeadersWith(secrets.map(signingKey), id, body, now);
}
