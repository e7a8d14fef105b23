// Password hashing with scrypt (memory-hard, in node:crypto, so no native add-on to build).
// The parameters are stored with each hash, so a hash made with older ones still verifies, and is
// replaced with one at today's parameters when its owner next signs in (needsRehash). node's
// scrypt runs on libuv's thread pool: the event loop keeps serving while a hash is made.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// OWASP's Password Storage Cheat Sheet asks for at least N=2^17, r=8, p=1 (128 MiB per hash); this
// is that minimum, not less. About 0.3 s per hash on an idle 2-core machine (1.2 s at a load average
// of 12). maxmem must exceed 128*N*r or node refuses.
export const PARAMS = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LEN = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions & { N: number; r: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LEN, { ...options, maxmem: 256 * options.N * options.r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) {
    // Spend the same time as a real check, so timing does not reveal which emails exist.
    await derive(password, randomBytes(16), PARAMS);
    return false;
  }
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A stored hash made with weaker parameters than today's (or unreadable): hash the password again. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) < PARAMS.N || Number(r) < PARAMS.r || Number(p) < PARAMS.p;
}

/** The minimum an admin can be asked for without a policy screen. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'A password needs at least 10 characters.';
  if (password.length > 1000) return 'A password may have at most 1000 characters.';
  return null;
}
