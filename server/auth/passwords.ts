// Password hashing with Argon2id (memory-hard; node:crypto's own since Node 24.7, so no native
// add-on to build). A hash is stored as a PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`,
// the format other Argon2 tools read), parameters included, so a hash made with older ones still
// verifies and is replaced with one at today's parameters when its owner next signs in
// (needsRehash). Hashes from before Argon2id (scrypt, N=2^15…2^17) verify the same way and are
// replaced too. Both KDFs run on libuv's thread pool: the event loop keeps serving meanwhile.
import { argon2, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// OWASP's Password Storage Cheat Sheet names Argon2id first, at m=19 MiB, t=2, p=1 as the minimum
// (equal in strength to its other listed settings and to scrypt at N=2^17, r=8, p=1, which this
// replaced). About 40 ms per hash on an idle 2-core machine, against scrypt's 300–600 ms: the
// time a lead waits at every sign-in.
export const PARAMS = { m: 19_456, t: 2, p: 1 };
const KEY_LEN = 32;
const SALT_LEN = 16;

interface Argon2Params {
  m: number;
  t: number;
  p: number;
}

function deriveArgon2(password: string, salt: Buffer, params: Argon2Params, length = KEY_LEN): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    argon2('argon2id', { message: password.normalize('NFC'), nonce: salt, memory: params.m, passes: params.t, parallelism: params.p, tagLength: length }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function deriveScrypt(password: string, salt: Buffer, options: ScryptOptions & { N: number; r: number }, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, { ...options, maxmem: 256 * options.N * options.r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

// PHC strings use base64 without padding.
const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LEN);
  const key = await deriveArgon2(password, salt, PARAMS);
  return `$argon2id$v=19$m=${PARAMS.m},t=${PARAMS.t},p=${PARAMS.p}$${b64(salt)}$${b64(key)}`;
}

/** A stored Argon2id hash's parts, or null when it is not one (or not one this hub would make). */
function parseArgon2(stored: string): { params: Argon2Params; salt: Buffer; key: Buffer } | null {
  const match = /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{22,})$/.exec(stored);
  if (!match) return null;
  const params = { m: Number(match[1]), t: Number(match[2]), p: Number(match[3]) };
  // Bounds a stored value cannot exceed (a hash written by hand, or a damaged row): a KDF call at
  // 10 GiB would take the hub down.
  if (params.t < 1 || params.p < 1 || params.m < 8 * params.p || params.m > 1 << 21) return null;
  return { params, salt: Buffer.from(match[4]!, 'base64'), key: Buffer.from(match[5]!, 'base64') };
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const argon = stored ? parseArgon2(stored) : null;
  if (argon) {
    const actual = await deriveArgon2(password, argon.salt, argon.params, argon.key.length);
    return timingSafeEqual(actual, argon.key);
  }
  const [scheme, n, r, p, salt, key] = (stored ?? '').split('$');
  if (scheme === 'scrypt' && n && r && p && salt && key) {
    const expected = Buffer.from(key, 'base64url');
    const options = { N: Number(n), r: Number(r), p: Number(p) };
    if (!(options.N >= 2 && options.N <= 2 ** 20 && options.r >= 1 && options.r <= 32 && options.p >= 1 && options.p <= 16) || expected.length < 16) return false;
    const actual = await deriveScrypt(password, Buffer.from(salt, 'base64url'), options, expected.length);
    return timingSafeEqual(actual, expected);
  }
  // No hash (an unknown email, a user without a password) or an unreadable one: spend the time of a
  // real check, so timing does not tell which emails exist.
  await deriveArgon2(password, randomBytes(SALT_LEN), PARAMS);
  return false;
}

/** A stored hash made with weaker parameters than today's, or not Argon2id: hash the password again. */
export function needsRehash(stored: string): boolean {
  const argon = parseArgon2(stored);
  return !argon || argon.params.m < PARAMS.m || argon.params.t < PARAMS.t || argon.params.p < PARAMS.p;
}

/** The minimum an admin can be asked for without a policy screen. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'A password needs at least 10 characters.';
  if (password.length > 1000) return 'A password may have at most 1000 characters.';
  return null;
}
