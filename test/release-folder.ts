// An electron-builder output folder for tests, made with electron-builder's own code where it
// can be run without Electron: its block maps (app-builder-lib's buildBlockMap) and its YAML
// writer (builder-util's serializeToYaml), in the layout and file names it uses. The installers
// themselves are stand-in bytes: deterministic, and equal between versions except for a small
// part, so a differential download has something to skip.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildBlockMap } from 'app-builder-lib/out/targets/blockmap/blockmap.js';
import { serializeToYaml } from 'builder-util';

export type Platform = 'win' | 'mac' | 'linux';

export interface ReleaseFolder {
  dir: string;
  version: string;
  /** File name → path, installers first. */
  installers: Record<Platform, string[]>;
}

/** Bytes from a seed (sha256 in counter mode): the same seed gives the same "installer". */
export function seededBytes(seed: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0, block = 0; i < size; block++) {
    const chunk = createHash('sha256').update(`${seed}:${block}`).digest();
    i += chunk.copy(out, i);
  }
  return out;
}

/** An installer of `version`: 400 KB shared by every version, with 8 KB in the middle that differ. */
export function installerBytes(platform: Platform, version: string): Buffer {
  const base = seededBytes(`zvit-${platform}`, 400 * 1024);
  seededBytes(`zvit-${platform}-${version}`, 8 * 1024).copy(base, 200 * 1024);
  return base;
}

export async function buildReleaseFolder(dir: string, version: string, platforms: Platform[] = ['win', 'mac', 'linux']): Promise<ReleaseFolder> {
  fs.mkdirSync(dir, { recursive: true });
  const releaseDate = '2026-03-02T10:00:00.000Z';
  const installers: Record<Platform, string[]> = { win: [], mac: [], linux: [] };
  const write = (name: string, info: object) => fs.writeFileSync(path.join(dir, name), serializeToYaml(info, false, true));

  if (platforms.includes('win')) {
    // NSIS: the installer with a separate gzip block map beside it.
    const name = `Zvit-Setup-${version}.exe`;
    fs.writeFileSync(path.join(dir, name), installerBytes('win', version));
    const info = await buildBlockMap(path.join(dir, name), 'gzip', path.join(dir, `${name}.blockmap`));
    write('latest.yml', { version, files: [{ url: name, sha512: info.sha512, size: info.size }], path: name, sha512: info.sha512, releaseDate });
    installers.win.push(name);
  }
  if (platforms.includes('mac')) {
    // zip (what the updater uses) first, then the dmg, each with its block map.
    const files = [];
    for (const name of [`Zvit-${version}-mac.zip`, `Zvit-${version}.dmg`]) {
      fs.writeFileSync(path.join(dir, name), installerBytes('mac', `${version}-${name}`));
      const info = await buildBlockMap(path.join(dir, name), 'gzip', path.join(dir, `${name}.blockmap`));
      files.push({ url: name, sha512: info.sha512, size: info.size });
      installers.mac.push(name);
    }
    write('latest-mac.yml', { version, files, path: files[0]!.url, sha512: files[0]!.sha512, releaseDate });
  }
  if (platforms.includes('linux')) {
    // AppImage: the block map is appended to the file itself (blockMapSize says how long).
    const name = `Zvit-${version}.AppImage`;
    fs.writeFileSync(path.join(dir, name), installerBytes('linux', version));
    const info = await buildBlockMap(path.join(dir, name), 'deflate');
    write('latest-linux.yml', { version, files: [{ url: name, sha512: info.sha512, size: info.size, blockMapSize: info.blockMapSize }], path: name, sha512: info.sha512, releaseDate });
    installers.linux.push(name);
  }
  // electron-builder also leaves these; publishing must ignore them.
  fs.writeFileSync(path.join(dir, 'builder-debug.yml'), 'x: 1\n');
  return { dir, version, installers };
}
