// This build's version, from package.json: sent to the hub with every call, and what
// electron-updater compares with the hub's releases (Electron's app.getVersion() reads the same).
import fs from 'node:fs';
import path from 'node:path';

export function packageVersion(root = path.resolve(import.meta.dirname, '..')): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
