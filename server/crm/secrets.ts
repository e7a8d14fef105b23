// Credentials at rest: AES-256-GCM with a key from ZVIT_SECRET_KEY, never stored in the database.
// The key is 32 bytes as base64 or hex; several may be given, comma-separated, the first
// encrypting and all decrypting, so a key can be rotated without re-entering every credential.
// Each blob names its key by a short fingerprint and is bound to where it is stored (additional
// data), so a blob copied into another organization's row does not decrypt.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

interface Key {
  id: string;
  bytes: Buffer;
}

export interface SecretBox {
  seal(value: unknown, bindTo: string): string;
  open<T = unknown>(blob: string, bindTo: string): T;
}

function parseKey(text: string): Key {
  const t = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (bytes.length !== 32) throw new SecretKeyError('ZVIT_SECRET_KEY must be 32 bytes, as 64 hex digits or 44 base64 characters (`npx zvit hub secret-key` makes one).');
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes };
}

/** A box from ZVIT_SECRET_KEY's value, or null when it is not set (then nothing can be saved). */
export function secretBox(setting: string | undefined): SecretBox | null {
  if (!setting?.trim()) return null;
  const keys = setting.split(',').map(parseKey);
  const current = keys[0]!;
  return {
    seal(value, bindTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.bytes, iv);
      cipher.setAAD(Buffer.from(bindTo));
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return `v1:${current.id}:${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64')}`;
    },
    open<T>(blob: string, bindTo: string): T {
      const [version, id, data] = blob.split(':');
      const key = keys.find((k) => k.id === id);
      if (version !== 'v1' || !data) throw new SecretKeyError('The saved credentials are not in a format this hub reads; enter them again.');
      if (!key) throw new SecretKeyError('The saved credentials were encrypted with another ZVIT_SECRET_KEY; set that key (a new one may come first, comma-separated) or enter them again.');
      const raw = Buffer.from(data, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(bindTo));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      try {
        return JSON.parse(Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8')) as T;
      } catch {
        throw new SecretKeyError('The saved credentials do not decrypt (damaged, or stored for another organization); enter them again.');
      }
    },
  };
}

export function newSecretKey(): string {
  return randomBytes(32).toString('base64');
}

/** What an admin recognises a secret by without seeing it: its last four characters. */
export function hint(secret: string): string {
  return secret.length > 8 ? `…${secret.slice(-4)}` : '…';
}
