// Password hashing with scrypt (memory-hard, in node:crypto, so no native add-on to build).
// The parameters are stored with each hash so they can be raised later without a migration.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// N=2^15, r=8 uses 32 MiB and about 50–100 ms per hash on these machines: slow for a guesser,
// fine for a login. maxmem must exceed 128*N*r or node refuses.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
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

/** The minimum an admin can be asked for without a policy screen. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'A password needs at least 10 characters.';
  if (password.length > 1000) return 'A password may have at most 1000 characters.';
  return null;
}
