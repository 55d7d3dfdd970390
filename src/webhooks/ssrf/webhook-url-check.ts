import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress } from './address-classification';

export type ResolveHost = (hostname: string) => Promise<string[]>;

export interface UrlCheckOptions {
  allowPrivateNetworks: boolean;
  resolve?: ResolveHost;
  dnsTimeoutMs?: number;
}

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: string };

const DEFAULT_DNS_TIMEOUT_MS = 3000;

const systemResolve: ResolveHost = async (hostname) => (await lookup(hostname, { all: true })).map((entry) => entry.address);

/**
 * Registration-time check of a webhook URL: http(s) only, no credentials, and (unless private
 * networks are allowed) a host that is and resolves only to global addresses. The WHATWG parser
 * has already normalised numeric spellings (`127.1`, `2130706433`, `0x7f.1`) to dotted quads.
 */
export async function checkWebhookUrl(raw: string, options: UrlCheckOptions): Promise<UrlCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'url must be an absolute http(s) URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'url must use http or https' };
  if (url.username || url.password)
    return { ok: false, reason: 'url must not contain credentials; receivers verify the signature instead' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === '') return { ok: false, reason: 'url must have a host' };

  if (isIP(host)) {
    const verdict = classifyAddress(host);
    if (!verdict.global && !options.allowPrivateNetworks)
      return { ok: false, reason: `url host is not a public address: ${verdict.reason}` };
    return { ok: true, url: url.toString() };
  }

  let addresses: string[];
  try {
    addresses = await withTimeout((options.resolve ?? systemResolve)(host), options.dnsTimeoutMs ?? DEFAULT_DNS_TIMEOUT_MS);
  } catch (error) {
    return { ok: false, reason: `url host ${host} could not be resolved (${(error as Error).message})` };
  }
  if (addresses.length === 0) return { ok: false, reason: `url host ${host} has no address` };
  if (!options.allowPrivateNetworks) {
    for (const address of addresses) {
      const verdict = classifyAddress(address);
      // Never the address it resolved to (or its kind): registration must not map our internal DNS.
      if (!verdict.global) return { ok: false, reason: `url host ${host} is not allowed (it resolves to a non-public address)` };
    }
  }
  return { ok: true, url: url.toString() };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no DNS answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
