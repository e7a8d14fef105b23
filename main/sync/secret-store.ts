// Where the device token lives. The Electron shell puts it in the OS keychain (safeStorage);
// the headless agent in a file only its user can read. Either way never in the renderer.
import fs from 'node:fs';

export interface SecretStore {
  /** Said to the manager in the privacy view: where the token is kept. */
  readonly description: string;
  get(): string | null;
  set(value: string): void;
  clear(): void;
}

export class FileSecretStore implements SecretStore {
  readonly file: string;
  readonly description: string;

  constructor(file: string) {
    this.file = file;
    this.description = `a file only your user account can read (${file})`;
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
  readonly description = 'memory only (tests)';
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
