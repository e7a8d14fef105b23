// The release API and the feed against a real hub (SQLite, and PostgreSQL in the postgres
// project), with a release folder made by electron-builder's own block-map and YAML code.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_VERSION_HEADER } from '../../shared/sync.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { enrollAgent, seedWorld, signIn, startHub, type Agent, type Browser, type TestHub, type World } from '../testing/harness.ts';
import { buildReleaseFolder, type ReleaseFolder } from '../../test/release-folder.ts';
import { bucket } from './rollout.ts';
import type { ReleaseSummary } from './releases.ts';

let t: TestHub;
let world: World;
let admin: Browser;
let v1: ReleaseFolder;
let v2: ReleaseFolder;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-releases-'));

beforeAll(async () => {
  t = await startHub({ updatesDir: path.join(work, 'hub-updates') });
  world = await seedWorld(t.hub);
  admin = await signIn(t.hub, world.admin.email);
  v1 = await buildReleaseFolder(path.join(work, 'v1'), '1.0.0');
  v2 = await buildReleaseFolder(path.join(work, 'v2'), '1.1.0');
});
afterAll(async () => {
  await t.close();
  fs.rmSync(work, { recursive: true, force: true });
});

async function upload(browser: Browser, folder: ReleaseFolder, tamper?: string): Promise<string> {
  const res = await browser.send('POST', '/api/v1/releases/uploads');
  expect(res.statusCode, res.body).toBe(200);
  const { uploadId } = res.json() as { uploadId: string };
  for (const name of fs.readdirSync(folder.dir)) {
    if (name.endsWith('.yml')) continue;
    const bytes = fs.readFileSync(path.join(folder.dir, name));
    if (name === tamper) bytes[1000] = bytes[1000]! ^ 0xff;
    const put = await t.hub.app.inject({
      method: 'PUT',
      url: `/api/v1/releases/uploads/${uploadId}/files/${encodeURIComponent(name)}`,
      cookies: { [SESSION_COOKIE]: browser.cookie },
      headers: { 'x-csrf-token': browser.csrf, 'content-type': 'application/octet-stream' },
      payload: bytes,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ name, size: bytes.length });
  }
  return uploadId;
}

const manifestsOf = (folder: ReleaseFolder) =>
  Object.fromEntries(fs.readdirSync(folder.dir).filter((n) => /^latest.*\.yml$/.test(n)).map((n) => [n, fs.readFileSync(path.join(folder.dir, n), 'utf8')]));

async function publish(folder: ReleaseFolder, extra: { percent?: number; teams?: string[] } = {}) {
  const uploadId = await upload(admin, folder);
  return admin.send('POST', '/api/v1/releases', { uploadId, channel: 'stable', manifests: manifestsOf(folder), ...extra });
}

const feed = (agent: Agent | null, file: string, headers: Record<string, string> = {}) =>
  t.hub.app.inject({ method: 'GET', url: `/updates/stable/${file}`, headers: { ...(agent ? { authorization: `Bearer ${agent.token}` } : {}), ...headers } });

const offeredVersion = async (agent: Agent, current = '1.0.0', file = 'latest.yml') => {
  const res = await feed(agent, file, { [AGENT_VERSION_HEADER]: current });
  return res.statusCode === 200 ? (yaml.load(res.body) as { version: string; rollback?: boolean }) : res.statusCode;
};

describe('publishing', () => {
  it('refuses a file that does not match the sha512 in its manifest, and publishes nothing', async () => {
    const uploadId = await upload(admin, v1, 'Zvit-Setup-1.0.0.exe');
    const res = await admin.send('POST', '/api/v1/releases', { uploadId, channel: 'stable', manifests: manifestsOf(v1) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('checksum_mismatch');
    expect(res.json().error.message).toContain('Zvit-Setup-1.0.0.exe does not match the sha512 in latest.yml');
    expect((await admin.get('/api/v1/releases')).json().releases).toEqual([]);
  });

  it('publishes a folder to every device by default, keeps its files and refuses the same version twice', async () => {
    const res = await publish(v1);
    expect(res.statusCode, res.body).toBe(200);
    const release = res.json() as ReleaseSummary;
    expect(release).toMatchObject({ channel: 'stable', version: '1.0.0', state: 'rolling', percent: 100, platforms: ['latest-linux.yml', 'latest-mac.yml', 'latest.yml'] });
    expect(release.files.map((f) => f.name).sort()).toEqual(
      ['Zvit-1.0.0-mac.zip', 'Zvit-1.0.0-mac.zip.blockmap', 'Zvit-1.0.0.AppImage', 'Zvit-1.0.0.dmg', 'Zvit-1.0.0.dmg.blockmap', 'Zvit-Setup-1.0.0.exe', 'Zvit-Setup-1.0.0.exe.blockmap'].sort(),
    );
    const again = await publish(v1);
    expect(again.statusCode).toBe(409);
  });

  it('two admins publishing the same version at once: one wins, the other is told, the files stay whole', async () => {
    const v3 = await buildReleaseFolder(path.join(work, 'v3'), '3.0.0', ['win']);
    const [a, b] = [await upload(admin, v3), await upload(admin, v3)];
    const results = await Promise.all([a, b].map((uploadId) => admin.send('POST', '/api/v1/releases', { uploadId, channel: 'race', manifests: manifestsOf(v3) })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const agent = await enrollAgent(t.hub, world.m1.id);
    const exe = await t.hub.app.inject({ method: 'GET', url: '/updates/race/Zvit-Setup-3.0.0.exe', headers: { authorization: `Bearer ${agent.token}` } });
    expect(exe.statusCode).toBe(200);
    expect(exe.rawPayload.equals(fs.readFileSync(path.join(v3.dir, 'Zvit-Setup-3.0.0.exe')))).toBe(true);
  });

  it('refuses bad manifests with a sentence that names the problem', async () => {
    const uploadId = await upload(admin, v2);
    const bad = async (manifests: Record<string, string>) => (await admin.send('POST', '/api/v1/releases', { uploadId, channel: 'stable', manifests })).json().error.message as string;
    expect(await bad({ 'latest.yml': 'version: [1' })).toContain('not valid YAML');
    expect(await bad({ 'latest.yml': 'version: banana\nfiles: []' })).toContain('version');
    expect(await bad({ 'notes.yml': 'version: 1.1.0' })).toContain('not an update manifest');
    expect(await bad({ 'latest.yml': manifestsOf(v2)['latest.yml']!.replace(/url: (\S+)/, 'url: https://elsewhere.example/$1') })).toContain('plain file name');
    expect(await bad({ 'latest.yml': manifestsOf(v2)['latest.yml']!, 'latest-mac.yml': manifestsOf(v1)['latest-mac.yml']! })).toContain('one version at a time');
    const channel = await admin.send('POST', '/api/v1/releases', { uploadId, channel: '../etc', manifests: manifestsOf(v2) });
    expect(channel.statusCode).toBe(400);
  });

  it('is for admins: leads and managers are refused, another organization sees nothing', async () => {
    for (const email of [world.lead1.email, world.m1.email]) {
      const someone = await signIn(t.hub, email);
      expect((await someone.get('/api/v1/releases')).statusCode).toBe(403);
      expect((await someone.send('POST', '/api/v1/releases/uploads')).statusCode).toBe(403);
      expect((await someone.send('POST', '/api/v1/releases/stable/1.0.0', { pause: true })).statusCode).toBe(403);
    }
    const adminB = await signIn(t.hub, world.adminB.email);
    expect((await adminB.get('/api/v1/releases')).json().releases).toEqual([]);
    expect((await adminB.send('POST', '/api/v1/releases/stable/1.0.0', { pause: true })).statusCode).toBe(404);
    // Nor can it take over an upload of org A.
    const uploadId = await upload(admin, v2);
    expect((await adminB.send('POST', '/api/v1/releases', { uploadId, channel: 'stable', manifests: manifestsOf(v2) })).statusCode).toBe(404);
    expect((await admin.get('/api/v1/releases')).statusCode).toBe(200);
    expect((await t.hub.app.inject({ method: 'GET', url: '/api/v1/releases' })).statusCode).toBe(401);
  });
});

describe('the feed', () => {
  let agents: Agent[];
  beforeAll(async () => {
    agents = [];
    for (let i = 0; i < 24; i++) agents.push(await enrollAgent(t.hub, i % 2 ? world.m1.id : world.m2.id));
  });

  it('needs a device token', async () => {
    expect((await feed(null, 'latest.yml')).statusCode).toBe(401);
    expect((await feed(null, 'Zvit-Setup-1.0.0.exe')).statusCode).toBe(401);
  });

  it('serves each platform its manifest and nothing of another organization', async () => {
    const res = await feed(agents[0]!, 'latest-linux.yml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('yaml');
    expect(yaml.load(res.body)).toMatchObject({ version: '1.0.0', files: [{ url: 'Zvit-1.0.0.AppImage', blockMapSize: expect.any(Number) }] });
    const outsider = await enrollAgent(t.hub, world.mB.id);
    expect((await feed(outsider, 'latest.yml')).statusCode).toBe(404);
    expect((await feed(outsider, 'Zvit-Setup-1.0.0.exe')).statusCode).toBe(404);
    expect((await feed(agents[0]!, '..%2F..%2Fhub.db')).statusCode).toBe(400);
  });

  it('serves installers whole and by ranges, one or many (multipart/byteranges)', async () => {
    const file = fs.readFileSync(path.join(v1.dir, 'Zvit-Setup-1.0.0.exe'));
    const whole = await feed(agents[0]!, 'Zvit-Setup-1.0.0.exe');
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.rawPayload.equals(file)).toBe(true);

    const one = await feed(agents[0]!, 'Zvit-Setup-1.0.0.exe', { range: 'bytes=100-199' });
    expect(one.statusCode).toBe(206);
    expect(one.headers['content-range']).toBe(`bytes 100-199/${file.length}`);
    expect(one.rawPayload.equals(file.subarray(100, 200))).toBe(true);

    const many = await feed(agents[0]!, 'Zvit-Setup-1.0.0.exe', { range: 'bytes=0-9, 5000-5099, 409590-' });
    expect(many.statusCode).toBe(206);
    const boundary = /boundary=(\S+)/.exec(String(many.headers['content-type']))![1]!;
    expect(Number(many.headers['content-length'])).toBe(many.rawPayload.length);
    const parts = many.rawPayload.toString('latin1').split(`--${boundary}`).slice(1, -1);
    expect(parts.map((p) => /content-range: bytes (\d+-\d+)/.exec(p)![1])).toEqual(['0-9', '5000-5099', '409590-409599']);
    expect(Buffer.from(parts[1]!.split('\r\n\r\n')[1]!.replace(/\r\n$/, ''), 'latin1').equals(file.subarray(5000, 5100))).toBe(true);

    expect((await feed(agents[0]!, 'Zvit-Setup-1.0.0.exe', { range: 'bytes=999999-' })).statusCode).toBe(416);
    // A blockmap is what electron-builder wrote: gzip JSON.
    const blockmap = await feed(agents[0]!, 'Zvit-Setup-1.0.0.exe.blockmap');
    expect(JSON.parse(gunzipSync(blockmap.rawPayload).toString())).toHaveProperty('files');
  });

  it('takes a Range header as long as electron-updater sends (over Node\'s default 16 KB of headers)', async () => {
    const address = await t.hub.app.listen({ port: 0, host: '127.0.0.1' });
    const ranges = Array.from({ length: 1200 }, (_, k) => `${300_000 + k * 80}-${300_000 + k * 80 + 9}`).join(', ');
    expect(ranges.length).toBeGreaterThan(16 * 1024);
    const res = await fetch(`${address}/updates/stable/Zvit-Setup-1.0.0.exe`, { headers: { authorization: `Bearer ${agents[0]!.token}`, range: `bytes=${ranges}` } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-type')).toMatch(/^multipart\/byteranges; boundary=/);
    expect((await res.arrayBuffer()).byteLength).toBe(Number(res.headers.get('content-length')));
  });

  it('rolls a new release out to the percentage the hub sets, keeps raised ones in, and follows pause and halt', async () => {
    const published = await publish(v2, { percent: 25 });
    expect(published.statusCode, published.body).toBe(200);
    const releaseId = (published.json() as ReleaseSummary).id;
    const inside = (a: Agent) => bucket(a.deviceId, releaseId) < 25;
    for (const a of agents) expect((await offeredVersion(a)) as object).toMatchObject({ version: inside(a) ? '1.1.0' : '1.0.0' });

    // A listed team gets it too; raising keeps everyone already in.
    await admin.send('POST', '/api/v1/releases/stable/1.1.0', { teams: ['Team 2'] });
    for (const a of agents) expect(((await offeredVersion(a)) as { version: string }).version).toBe(inside(a) || a.userId === world.m2.id ? '1.1.0' : '1.0.0');
    await admin.send('POST', '/api/v1/releases/stable/1.1.0', { teams: [] });
    await admin.send('POST', '/api/v1/releases/stable/1.1.0', { percent: 60 });
    const at60 = agents.filter((a) => bucket(a.deviceId, releaseId) < 60);
    for (const a of agents) {
      const version = ((await offeredVersion(a)) as { version: string }).version;
      // In at 25%, or by team a moment ago, or now at 60%: all keep it.
      if (at60.includes(a) || a.userId === world.m2.id) expect(version).toBe('1.1.0');
      else expect(version).toBe('1.0.0');
    }

    // Paused: devices offered it keep it; a device that never asked is not told.
    await admin.send('POST', '/api/v1/releases/stable/1.1.0', { pause: true });
    const late = await enrollAgent(t.hub, world.m1.id);
    expect(((await offeredVersion(late)) as { version: string }).version).toBe('1.0.0');
    expect(((await offeredVersion(at60[0]!)) as { version: string }).version).toBe('1.1.0');

    // One device downloads it and runs it (reports 1.1.0 with its sync).
    const taker = at60[0]!;
    expect((await feed(taker, 'Zvit-Setup-1.1.0.exe', { range: 'bytes=0-99' })).statusCode).toBe(206);
    expect((await t.hub.app.inject({ method: 'GET', url: '/api/v1/sync/pull', headers: { authorization: `Bearer ${taker.token}`, [AGENT_VERSION_HEADER]: '1.1.0' } })).statusCode).toBe(200);

    // Halted: everyone is offered 1.0.0 again; the device on 1.1.0 gets it as a rollback.
    await admin.send('POST', '/api/v1/releases/stable/1.1.0', { halt: true });
    expect(await offeredVersion(taker, '1.1.0')).toMatchObject({ version: '1.0.0', rollback: true });
    expect(await offeredVersion(agents.find((a) => !at60.includes(a))!)).not.toHaveProperty('rollback');
    expect((await admin.send('POST', '/api/v1/releases/stable/1.1.0', { pause: true })).statusCode).toBe(409);

    const list = (await admin.get('/api/v1/releases?channel=stable')).json().releases as ReleaseSummary[];
    expect(list.map((r) => [r.version, r.state])).toEqual([
      ['1.1.0', 'halted'],
      ['1.0.0', 'rolling'],
    ]);
    expect(list[0]!.devices).toEqual({ checked: at60.length + agents.filter((a) => a.userId === world.m2.id && !at60.includes(a)).length, downloaded: 1, failed: 0, running: 1 });
    // Every agent's last report was 1.0.0 (the header on its checks), but the taker's.
    expect(list[1]!.devices.running).toBe(agents.length);

    // Complete: everyone, whatever the percentage.
    await admin.send('POST', '/api/v1/releases/stable/1.1.0', { complete: true });
    expect(((await offeredVersion(late)) as { version: string }).version).toBe('1.1.0');
  });

  it('limits each device on its own', async () => {
    const [busy, other] = [await enrollAgent(t.hub, world.m1.id), await enrollAgent(t.hub, world.m1.id)];
    const codes: number[] = [];
    for (let i = 0; i < 125; i++) codes.push((await feed(busy, 'latest.yml')).statusCode);
    expect(codes.slice(0, 120).every((c) => c === 200)).toBe(true);
    const limited = await feed(busy, 'latest.yml');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect((await feed(other, 'latest.yml')).statusCode).toBe(200);
  });

  it('takes a failed update report and counts it', async () => {
    const agent = agents[1]!;
    const res = await t.hub.app.inject({ method: 'POST', url: '/updates/stable/report', headers: { authorization: `Bearer ${agent.token}` }, payload: { version: '1.1.0', error: 'sha512 checksum mismatch' } });
    expect(res.statusCode, res.body).toBe(200);
    const list = (await admin.get('/api/v1/releases?channel=stable')).json().releases as ReleaseSummary[];
    expect(list[0]!.devices.failed).toBe(1);
    const set = await admin.send('POST', '/api/v1/releases/stable/1.1.0', { percent: 10, pause: true });
    expect(set.statusCode).toBe(400);
  });
});
