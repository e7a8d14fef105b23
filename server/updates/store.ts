// Installers on disk: uploads are staged under a random id while their sha512 is computed, and
// moved into place only when the release that names them is published. One folder per
// organization and channel, one file per name (names carry the version, as electron-builder
// writes them). With several hub instances, point ZVIT_UPDATES_DIR at storage they share.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { HubError } from '../errors.ts';
import { FILE_NAME } from './manifest.ts';

export const CHANNEL = /^[a-z0-9][a-z0-9-]{0,31}$/;
/** Uploads never published are swept after a day. */
const STAGING_TTL_MS = 24 * 3600 * 1000;

export interface StagedFile {
  name: string;
  size: number;
  sha512: string;
}

interface UploadOwner {
  orgId: string;
  createdAt: number;
}

export function checkChannel(channel: string): string {
  if (!CHANNEL.test(channel)) throw new HubError(400, 'invalid_request', `"${channel}" is not a channel name (lowercase letters, digits and dashes, such as stable or beta).`);
  return channel;
}

export function checkFileName(name: string): string {
  if (!FILE_NAME.test(name) || name.includes('..')) throw new HubError(400, 'invalid_request', `"${name}" is not a release file name.`);
  return name;
}

export async function sha512Of(file: string): Promise<{ sha512: string; size: number }> {
  const hash = createHash('sha512');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha512: hash.digest('base64'), size };
}

export class UpdateStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  filePath(orgId: string, channel: string, name: string): string {
    return path.join(this.root, 'files', orgId, checkChannel(channel), checkFileName(name));
  }

  /** A new upload for `orgId`; old uploads never published are removed on the way. */
  async newUpload(orgId: string, now: number): Promise<string> {
    await this.sweep(now);
    const id = randomBytes(16).toString('hex');
    const dir = this.uploadDir(id);
    await fs.promises.mkdir(dir, { recursive: true });
    await fs.promises.writeFile(path.join(dir, '.owner.json'), JSON.stringify({ orgId, createdAt: now } satisfies UploadOwner));
    return id;
  }

  /** Streams one file into an upload, hashing it on the way; a second upload of a name replaces it. */
  async stage(uploadId: string, orgId: string, name: string, body: Readable): Promise<StagedFile> {
    await this.requireUpload(uploadId, orgId);
    const target = path.join(this.uploadDir(uploadId), checkFileName(name));
    const tmp = `${target}.${randomBytes(4).toString('hex')}.part`;
    const hash = createHash('sha512');
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    try {
      await pipeline(body, fs.createWriteStream(tmp, { flags: 'wx' }));
    } catch (error) {
      await fs.promises.rm(tmp, { force: true });
      throw error;
    }
    await fs.promises.rename(tmp, target);
    return { name, size, sha512: hash.digest('base64') };
  }

  /** The files of an upload with their checksums, computed again from what is on disk. */
  async staged(uploadId: string, orgId: string): Promise<Map<string, StagedFile & { path: string }>> {
    await this.requireUpload(uploadId, orgId);
    const dir = this.uploadDir(uploadId);
    const files = new Map<string, StagedFile & { path: string }>();
    for (const name of await fs.promises.readdir(dir)) {
      if (name.startsWith('.') || name.endsWith('.part')) continue;
      const file = path.join(dir, name);
      files.set(name, { name, path: file, ...(await sha512Of(file)) });
    }
    return files;
  }

  /** Moves staged files into the channel's folder; returns the paths now in place. */
  async place(uploadId: string, orgId: string, channel: string, names: readonly string[]): Promise<string[]> {
    const placed: string[] = [];
    for (const name of names) {
      const target = this.filePath(orgId, channel, name);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.rename(path.join(this.uploadDir(uploadId), name), target);
      placed.push(target);
    }
    return placed;
  }

  async discard(uploadId: string): Promise<void> {
    await fs.promises.rm(this.uploadDir(uploadId), { recursive: true, force: true });
  }

  private uploadDir(id: string): string {
    if (!/^[0-9a-f]{32}$/.test(id)) throw new HubError(404, 'not_found', 'No such upload.');
    return path.join(this.root, 'staging', id);
  }

  private async requireUpload(id: string, orgId: string): Promise<void> {
    let owner: UploadOwner;
    try {
      owner = JSON.parse(await fs.promises.readFile(path.join(this.uploadDir(id), '.owner.json'), 'utf8')) as UploadOwner;
    } catch {
      throw new HubError(404, 'not_found', 'No such upload (it may have expired after a day); start a new one.');
    }
    if (owner.orgId !== orgId) throw new HubError(404, 'not_found', 'No such upload.');
  }

  private async sweep(now: number): Promise<void> {
    const staging = path.join(this.root, 'staging');
    let entries: string[];
    try {
      entries = await fs.promises.readdir(staging);
    } catch {
      return;
    }
    for (const id of entries) {
      try {
        const owner = JSON.parse(await fs.promises.readFile(path.join(staging, id, '.owner.json'), 'utf8')) as UploadOwner;
        if (now - owner.createdAt < STAGING_TTL_MS) continue;
      } catch {
        // No owner file: a broken upload; remove it.
      }
      await fs.promises.rm(path.join(staging, id), { recursive: true, force: true });
    }
  }
}
