import { parseKeyRing } from '../config/secret-key-ring';
import { isSealed, needsResealing, open, seal, SecretBoxError, sealedKeyId } from './secret-box';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

describe('secret box (AES-256-GCM key ring)', () => {
  const old = parseKeyRing(`k1:${key(1)}`);
  const rotated = parseKeyRing(`k2:${key(2)}, k1:${key(1)}`);

  it('seals with the primary key, naming it, and opens with any key of the ring', () => {
    const sealed = seal(old, 'whsec_abc', 'endpoint-1');
    expect(sealed).toMatch(/^enc:v1:k1:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('whsec_abc');
    expect(sealedKeyId(sealed)).toBe('k1');
    expect(open(rotated, sealed, 'endpoint-1')).toBe('whsec_abc');
    expect(sealedKeyId(seal(rotated, 'whsec_abc', 'endpoint-1'))).toBe('k2');
    // A fresh IV per seal: the same secret never seals to the same bytes.
    expect(seal(old, 'whsec_abc', 'endpoint-1')).not.toBe(sealed);
  });

  it('refuses another row, an altered value and a key the ring no longer has', () => {
    const sealed = seal(rotated, 'whsec_abc', 'endpoint-1');
    expect(() => open(rotated, sealed, 'endpoint-2')).toThrow(SecretBoxError);
    const at = sealed.length - 2;
    const flipped = sealed.slice(0, at) + (sealed[at] === 'A' ? 'B' : 'A') + sealed.slice(at + 1);
    expect(() => open(rotated, flipped, 'endpoint-1')).toThrow(/does not open/);
    expect(() => open(old, sealed, 'endpoint-1')).toThrow(/key "k2", which the key ring does not have/);
    expect(() => open(old, 'enc:v1:k1:AAAA', 'endpoint-1')).toThrow(/truncated/);
  });

  it('passes a plain (not yet migrated) value through and marks what to reseal', () => {
    expect(isSealed('whsec_abc')).toBe(false);
    expect(open(rotated, 'whsec_abc', 'endpoint-1')).toBe('whsec_abc');
    expect(needsResealing(rotated, 'whsec_abc')).toBe(true);
    expect(needsResealing(rotated, seal(old, 'x', 'e'))).toBe(true);
    expect(needsResealing(rotated, seal(rotated, 'x', 'e'))).toBe(false);
  });
});
