import type { LookupAddress } from 'node:dns';
import { type AllAddressesLookup, BlockedAddressError, guardedLookup } from './guarded-lookup';

function resolvingTo(...addresses: string[]): AllAddressesLookup {
  return (_hostname, _options, callback) =>
    callback(
      null,
      addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
}

function lookup(fn: ReturnType<typeof guardedLookup>, all = false): Promise<{ error: Error | null; address: unknown; family?: number }> {
  return new Promise((resolve) => fn('hooks.example.org', { all }, (error, address, family) => resolve({ error, address, family })));
}

describe('guardedLookup (connect-time SSRF guard)', () => {
  it('refuses a host that now resolves to a private address (DNS rebinding)', async () => {
    const result = await lookup(guardedLookup(false, resolvingTo('127.0.0.1')));
    expect(result.error).toBeInstanceOf(BlockedAddressError);
    expect(result.error?.message).toBe('host hooks.example.org is not allowed (it resolves to a non-public address)');
    expect(result.error?.message).not.toContain('127.0.0.1');
  });

  it('refuses the whole host when any answer is non-global', async () => {
    for (const address of ['10.1.1.1', '169.254.169.254', '::1', '::ffff:127.0.0.1', 'fd00::2']) {
      const result = await lookup(guardedLookup(false, resolvingTo('93.184.216.34', address)), true);
      expect(result.error).toBeInstanceOf(BlockedAddressError);
      expect(result.error?.message).not.toContain(address);
    }
  });

  it('passes public answers through in the shape the caller asked for', async () => {
    const single = await lookup(guardedLookup(false, resolvingTo('93.184.216.34', '2606:4700::1')));
    expect(single).toEqual({ error: null, address: '93.184.216.34', family: 4 });
    const all = await lookup(guardedLookup(false, resolvingTo('93.184.216.34', '2606:4700::1')), true);
    expect(all.address).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:4700::1', family: 6 },
    ]);
  });

  it('lets private addresses through when private networks are allowed', async () => {
    expect(await lookup(guardedLookup(true, resolvingTo('127.0.0.1')))).toEqual({ error: null, address: '127.0.0.1', family: 4 });
  });

  it('refuses localhost with the system resolver', async () => {
    expect((await lookup((h, o, c) => guardedLookup(false)('localhost', o, c))).error).toBeInstanceOf(BlockedAddressError);
  });
});
