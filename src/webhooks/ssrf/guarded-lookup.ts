import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { classifyAddress } from './address-classification';

export type AllAddressesLookup = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export class BlockedAddressError extends Error {
  readonly code = 'EWEBHOOKBLOCKED';
}

/**
 * A `lookup` for http(s) agents that refuses non-global addresses at connect time, so a hostname
 * that resolved to a public address at registration cannot be re-pointed (DNS rebinding) to an
 * internal one later. Any non-global answer refuses the whole host, not just that address.
 */
export function guardedLookup(allowPrivate: boolean, resolveAll: AllAddressesLookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolveAll(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      if (!allowPrivate) {
        for (const { address } of addresses) {
          const verdict = classifyAddress(address);
          if (!verdict.global) {
            // Never the address itself: the delivery log would map the newsroom's view of our network.
            return callback(new BlockedAddressError(`host ${hostname} is not allowed (it resolves to a non-public address)`), '', 0);
          }
        }
      }
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
