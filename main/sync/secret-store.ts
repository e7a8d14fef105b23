// Where the device token lives. The Electron shell puts it in the OS keychain (safeStorage);
// the headless agent in a file only its user can read. Either way never in the renderer.
import fs from 'node:fs';
import type { TokenStore } from '../../shared/api.ts';

export interface SecretStore {
  /** Where the token is kept, for the privacy view (which puts it in the manager's language). */
  readonly kind: TokenStore['kind'];
  /** The file (or keychain entry) it is in, where there is one to name. */
  readonly location: string | null;
  get(): string | null;
  set(value: string): void;
  clear(): void;
}

export class FileSecretStore implements SecretStore {
  readonly file: string;
  readonly kind = 'file';
  readonly location: string;

  constructor(file: string) {
    this.file = file;
    this.location = file;
  }

  get(): string | null {
    try {
      return fs.readFileSync(this.file, 'utf8').trim() || null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  set(value: string): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, value, { mode: 0o600 });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, this.file);
  }

  clear(): void {
    fs.rmSync(this.file, { force: true });
  }
}

/** For tests and for a shell that keeps the secret elsewhere. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory';
  readonly location = null;
  private value: string | null = null;
  get(): string | null {
    return this.value;
  }
  set(value: string): void {
    this.value = value;
  }
  clear(): void {
    this.value = null;
  }
}
