// Secrets the hub hands out: session and device tokens (256 random bits) and enrollment codes
// (short enough to type). Only their SHA-256 is stored: a token is random, so a fast hash
// is as good as a slow one, and lookups stay one indexed equality.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** 32 random bytes, base64url, with a prefix that says what it is (helps secret scanners too). */
export function newToken(prefix: 'zvd' | 'zvs' | 'zvsetup' | 'zvi'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// Crockford's base32 without I, L, O, U: no letters that read as digits when typed from a screen.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_CHARS = 12; // 60 bits; enrollment is rate-limited, so guessing is hopeless

/** A new enrollment code, e.g. "7K3M-Q9TX-B2RD". */
export function newEnrollmentCode(): string {
  let code = '';
  for (let i = 0; i < CODE_CHARS; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code.match(/.{4}/g)!.join('-');
}

/** What a person typed, in the form that was hashed: upper case, no dashes or spaces, O→0, I/L→1. */
export function normalizeEnrollmentCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}
