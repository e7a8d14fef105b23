// Where the device token lives in the desktop app, with `electron` mocked.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/electron-stand-in.ts'));

import { standIn } from '../../test/electron-stand-in.ts';
import { tempDir } from '../../test/tmp.ts';
import { SafeStorageSecretStore } from './secret-store.ts';

const dir = tempDir('zvit-secret-');

describe('the token in safeStorage', () => {
  it('is stored encrypted, read back, and cleared', () => {
    standIn.storageBackend = 'gnome_libsecret';
    const store = new SafeStorageSecretStore(path.join(dir, 'a.enc'), 'linux');
    expect(store.get()).toBeNull();
    store.set('zvd_secret-token');
    expect(fs.readFileSync(store.file, 'utf8')).not.toContain('zvd_secret-token');
    expect(store.get()).toBe('zvd_secret-token');
    store.clear();
    expect(store.get()).toBeNull();
    expect(store.description).toContain('desktop keyring (gnome_libsecret)');
    expect([store.kind, store.location]).toEqual(['os-keychain', store.file]);
  });

  it('says plainly when Linux has no keyring and the token is only obscured', () => {
    standIn.storageBackend = 'basic_text';
    const obscured = new SafeStorageSecretStore(path.join(dir, 'b.enc'), 'linux');
    expect(obscured.description).toMatch(/^only obscured, not encrypted: this Linux desktop has no keyring/);
    expect(obscured.kind).toBe('obscured');
    standIn.storageBackend = 'gnome_libsecret';
    expect(new SafeStorageSecretStore(path.join(dir, 'c.enc'), 'win32').description).toContain('Windows (DPAPI)');
    expect(new SafeStorageSecretStore(path.join(dir, 'd.enc'), 'darwin').description).toContain('macOS Keychain');
  });

  it('treats a token sealed under another key (a copied profile) as not enrolled', () => {
    const store = new SafeStorageSecretStore(path.join(dir, 'e.enc'), 'win32');
    fs.writeFileSync(store.file, 'bytes from another machine');
    expect(store.get()).toBeNull();
  });
});
