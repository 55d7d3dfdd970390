import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../common/principal';

const ROLE_TAG: Record<Role, string> = { admin: 'adm', newsroom: 'nr', reviewer: 'rv' };

export interface GeneratedApiKey {
  key: string;
  prefix: string;
  hash: string;
}

/** Keys carry 256 random bits, so a fast hash (not a password KDF) is enough to store them safely. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(role: Role): GeneratedApiKey {
  const key = `cf_${ROLE_TAG[role]}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, 14), hash: hashApiKey(key) };
}
