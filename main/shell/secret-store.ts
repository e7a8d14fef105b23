// The device token in the OS keychain through Electron's safeStorage (DPAPI on Windows, the
// Keychain on macOS, libsecret or KWallet on Linux), stored encrypted in the user's data
// folder. Where Linux has no keyring, safeStorage falls back to a fixed key: the token is then
// only obscured, and the privacy view says so in those words.
import fs from 'node:fs';
import { safeStorage } from 'electron';
import type { SecretStore } from '../sync/secret-store.ts';

export class SafeStorageSecretStore implements SecretStore {
  readonly file: string;
  /** For the privacy view, which says it in the manager's language. */
  readonly kind: 'os-keychain' | 'obscured';
  readonly location: string;
  /** The same in English, with the keeper's name, for logs. */
  readonly description: string;

  constructor(file: string, platform: NodeJS.Platform = process.platform) {
    this.file = file;
    this.location = file;
    const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
    if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text' || backend === 'unknown') {
      this.kind = 'obscured';
      this.description = `only obscured, not encrypted: this Linux desktop has no keyring (GNOME Keyring or KWallet), so the token in ${file} can be read by programs running as you`;
    } else {
      this.kind = 'os-keychain';
      const where = platform === 'win32' ? 'Windows (DPAPI)' : platform === 'darwin' ? 'the macOS Keychain' : `the desktop keyring (${backend})`;
      this.description = `encrypted with a key kept by ${where}, in ${file}`;
    }
  }

  get(): string | null {
    let data: Buffer;
    try {
      data = fs.readFileSync(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      return safeStorage.decryptString(data) || null;
    } catch {
      // Encrypted under another user or machine key (a copied profile): as if not enrolled.
      return null;
    }
  }

  set(value: string): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, safeStorage.encryptString(value), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }

  clear(): void {
    fs.rmSync(this.file, { force: true });
  }
}
