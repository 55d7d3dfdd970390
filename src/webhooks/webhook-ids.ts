import { randomFillSync } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Random bytes are drawn this many ids at a time (as node's randomUUID does): one call per id was 2.5% of the pipeline worker's CPU. */
const IDS_PER_DRAW = 256;
const pool = Buffer.allocUnsafe(16 * IDS_PER_DRAW);
let poolOffset = pool.length;

/** 16 fresh random bytes, each pool byte handed out once. */
function randomSixteen(): Buffer {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  return bytes;
}

/** Event id: `msg_` + a ULID (48-bit millisecond time + 80 random bits, Crockford base32), sortable by time. */
export function newEventId(now: number = Date.now()): string {
  let time = '';
  let rest = now;
  for (let index = 0; index < 10; index += 1) {
    time = CROCKFORD[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  const random = randomSixteen();
  let tail = '';
  for (let index = 0; index < 16; index += 1) tail += CROCKFORD[random[index] % 32];
  return `msg_${time}${tail}`;
}

/** UUIDv7 (RFC 9562): time-ordered, so lists can page by id alone, newest first. */
export function uuidv7(now: number = Date.now()): string {
  const bytes = randomSixteen();
  const time = BigInt(now);
  for (let index = 0; index < 6; index += 1) bytes[index] = Number((time >> BigInt(8 * (5 - index))) & 0xffn);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
