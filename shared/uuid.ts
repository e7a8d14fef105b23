// UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then randomness. Ids made on the device sort
// by creation time, so B-tree inserts append and a time range is also an id range.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

let lastMs = -1;
let counter = 0;

/**
 * A new UUIDv7. Within one millisecond the 12-bit `rand_a` field counts up from a random start
 * (RFC 9562 §6.2 method 1), so ids made in a burst still sort in the order they were made.
 * `ms` is the instant to stamp; when it goes back (clock moved) the previous one is reused, so
 * ids never sort before an earlier one from this process.
 */
export function uuidv7(ms: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let stamp = Math.floor(ms);
  if (stamp <= lastMs) {
    stamp = lastMs;
    counter++;
    if (counter > 0xfff) {
      // 4096 ids in one millisecond: borrow the next millisecond rather than repeat.
      stamp = ++lastMs;
      counter = bytes[6]! & 0x7;
    }
  } else {
    lastMs = stamp;
    counter = ((bytes[6]! & 0x7) << 8) | bytes[7]!; // leave headroom so the count rarely wraps
  }
  writeStamp(bytes, stamp);
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  return bytesToUuid(bytes);
}

/** The smallest UUIDv7 of a millisecond: the lower bound of an id range for a time range. */
export function uuidv7Floor(ms: number): Uint8Array {
  const bytes = new Uint8Array(16);
  writeStamp(bytes, Math.max(0, Math.floor(ms)));
  return bytes;
}

export function uuidv7Time(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

function writeStamp(bytes: Uint8Array, ms: number): void {
  // 48 bits do not fit a 32-bit shift; split into the high 16 and low 32 bits.
  const high = Math.floor(ms / 2 ** 32);
  const low = ms >>> 0;
  bytes[0] = (high >>> 8) & 0xff;
  bytes[1] = high & 0xff;
  bytes[2] = low >>> 24;
  bytes[3] = (low >>> 16) & 0xff;
  bytes[4] = (low >>> 8) & 0xff;
  bytes[5] = low & 0xff;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

export function uuidToBytes(id: string): Uint8Array {
  if (!isUuid(id)) throw new TypeError(`not a UUID: ${JSON.stringify(id)}`);
  const hex = id.replaceAll('-', '');
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export function bytesToUuid(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new TypeError(`a UUID has 16 bytes, not ${bytes.length}`);
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[bytes[i]!];
  }
  return s;
}
