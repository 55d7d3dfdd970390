/**
 * Fixed-window counters in Redis, one Lua script per request so every api process shares the same
 * counts: each key is incremented, gets the window as its expiry on the first hit, and the request is
 * over the limit when any count exceeds its limit. Returns [over (0|1), ms until the tightest window ends].
 */
export const FIXED_WINDOW_SCRIPT = `
local over = 0
local retry = 0
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  if count > tonumber(ARGV[i + 1]) then
    over = 1
    if ttl > retry then retry = ttl end
  end
end
return {over, retry}
`;

export interface RateLimitBucket {
  /** Redis key of the counter. */
  key: string;
  limit: number;
  /** Named in the 429 message ("API key", "newsroom"). */
  scope: string;
}

export interface RateLimitVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

/** The counters a principal's request counts against (limits of 0 are off; the bootstrap admin key has none). */
export function bucketsFor(
  prefix: string,
  principal: { role: string; ownerId: string | null; keyId: string | null },
  limits: { perKey: number; perNewsroom: number },
): RateLimitBucket[] {
  const buckets: RateLimitBucket[] = [];
  if (principal.keyId === null) return buckets;
  if (limits.perKey > 0) buckets.push({ key: `${prefix}:rate:key:${principal.keyId}`, limit: limits.perKey, scope: 'API key' });
  if (limits.perNewsroom > 0 && principal.role === 'newsroom' && principal.ownerId) {
    buckets.push({ key: `${prefix}:rate:newsroom:${principal.ownerId}`, limit: limits.perNewsroom, scope: 'newsroom' });
  }
  return buckets;
}
