import { isIP } from 'node:net';

/**
 * Whether an IP address is a public (globally routable) one that a webhook may be sent to.
 * Pure: no DNS, no Nest. IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4, compatible)
 * are judged by the IPv4 address they carry, so `::ffff:127.0.0.1` is as private as `127.0.0.1`.
 */
export type AddressVerdict = { global: true } | { global: false; reason: string };

interface Range {
  bytes: number[];
  prefix: number;
  reason: string;
}

const IPV4_BLOCKED: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified ("this network")'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignment'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const IPV6_BLOCKED: Array<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['64:ff9b:1::', 48, 'local NAT64'],
  ['100::', 64, 'discard-only'],
  ['2001::', 23, 'IETF protocol assignment'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

const IPV4_RANGES: Range[] = IPV4_BLOCKED.map(([address, prefix, reason]) => ({ bytes: ipv4Bytes(address)!, prefix, reason }));
const IPV6_RANGES: Range[] = IPV6_BLOCKED.map(([address, prefix, reason]) => ({ bytes: ipv6Bytes(address)!, prefix, reason }));

export function classifyAddress(address: string): AddressVerdict {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return classifyIpv4(ipv4Bytes(bare)!);
  if (version === 6) return classifyIpv6(ipv6Bytes(bare)!);
  return { global: false, reason: `"${address}" is not an IP address` };
}

export function isGlobalAddress(address: string): boolean {
  return classifyAddress(address).global;
}

function classifyIpv4(bytes: number[]): AddressVerdict {
  const range = IPV4_RANGES.find((candidate) => inRange(bytes, candidate));
  return range ? { global: false, reason: `${bytes.join('.')} is a ${range.reason} address` } : { global: true };
}

function classifyIpv6(bytes: number[]): AddressVerdict {
  const embedded = embeddedIpv4(bytes);
  if (embedded) {
    const verdict = classifyIpv4(embedded);
    return verdict.global ? verdict : { global: false, reason: `IPv6 address embedding ${verdict.reason}` };
  }
  const range = IPV6_RANGES.find((candidate) => inRange(bytes, candidate));
  if (range) return { global: false, reason: `IPv6 ${range.reason} address` };
  // Only 2000::/3 is allocated as global unicast; everything else is reserved.
  if ((bytes[0] & 0xe0) !== 0x20) return { global: false, reason: 'IPv6 reserved address' };
  return { global: true };
}

/** The IPv4 address carried by IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) and 6to4 forms. */
function embeddedIpv4(bytes: number[]): number[] | null {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12);
  // IPv4-compatible (::a.b.c.d, deprecated); :: and ::1 themselves are handled by the IPv6 table.
  if (zeros(0, 12) && !zeros(12, 15)) return bytes.slice(12);
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) return bytes.slice(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6);
  return null;
}

function inRange(bytes: number[], range: Range): boolean {
  let bits = range.prefix;
  for (let index = 0; bits > 0; index += 1, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[index] & mask) !== (range.bytes[index] & mask)) return false;
  }
  return true;
}

function ipv4Bytes(address: string): number[] | null {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return null;
  return parts.map(Number);
}

function ipv6Bytes(address: string): number[] | null {
  let text = address.toLowerCase();
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const v4 = ipv4Bytes(dotted[1]);
    if (!v4) return null;
    text = `${text.slice(0, -dotted[1].length)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return null;
  return all.flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}
