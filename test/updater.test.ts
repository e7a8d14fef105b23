// The desktop app's update path in plain Node: electron-updater's own NsisUpdater (Windows is
// the first platform) driven by the app's UpdateController, against a real hub process, with
// releases made by electron-builder's own block-map and YAML code and published with
// `zvit hub release publish`. Only Electron's parts are swapped: the app adapter (version,
// paths) and Node's HTTP in place of Electron's net module.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import { NsisUpdater } from 'electron-updater';
import http from 'node:http';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../shared/uuid.ts';
import { reportUpdateFailure, UpdateController, type UpdateState } from '../main/update/controller.ts';
import { bucket } from '../server/updates/rollout.ts';
import type { ReleaseSummary } from '../server/updates/releases.ts';
import { zvit } from './cli.ts';
import { startHubProcess, type HubProcess } from './hub-process.ts';
import { buildReleaseFolder, installerBytes } from './release-folder.ts';
import { tempDir } from './tmp.ts';

const work = tempDir('zvit-updater-');
let hub: HubProcess;
let hubData: string;
let releaseId: string;
const devices: { deviceId: string; token: string }[] = [];

const publish = async (folder: string, ...flags: string[]) => {
  const result = await zvit(['hub', 'release', 'publish', folder, '--channel', 'stable', '--data-dir', hubData, ...flags], hub.env);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
};
const set = async (...args: string[]) => {
  const result = await zvit(['hub', 'release', 'set', ...args, '--channel', 'stable', '--data-dir', hubData], hub.env);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
};

beforeAll(async () => {
  hubData = path.join(work, 'hub');
  hub = await startHubProcess(hubData);
  await hub.addManager('olena@example.com');
  for (let i = 0; i < 16; i++) {
    const code = await hub.code('olena@example.com');
    const deviceId = uuidv7();
    const res = await fetch(`${hub.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceId, name: `pc ${i}` }) });
    devices.push({ deviceId, token: ((await res.json()) as { token: string }).token });
  }
  await buildReleaseFolder(path.join(work, 'v1.0.0'), '1.0.0', ['win']);
  await buildReleaseFolder(path.join(work, 'v1.1.0'), '1.1.0', ['win']);
  expect(await publish(path.join(work, 'v1.0.0'))).toContain('Published 1.0.0 on stable [latest.yml]: rolling out to 100% of devices');
  expect(await publish(path.join(work, 'v1.1.0'), '--percent', '50')).toContain('rolling out to 50% of devices');
  releaseId = (await hub.admin<{ releases: ReleaseSummary[] }>('GET', '/api/v1/releases')).releases.find((r) => r.version === '1.1.0')!.id;
}, 120_000);
afterAll(async () => {
  await hub?.stop();
});

/** electron-updater's own HTTP client, with Node's http.request in place of Electron's net.request. */
class NodeNetExecutor extends ElectronHttpExecutor {
  constructor() {
    super(() => {});
  }
  override createRequest(options: http.RequestOptions, callback: (response: http.IncomingMessage) => void): ReturnType<ElectronHttpExecutor['createRequest']> {
    const request = http.request(options);
    request.on('response', callback);
    // Electron's ClientRequest type; electron-updater uses only what Node's has too.
    return request as unknown as ReturnType<ElectronHttpExecutor['createRequest']>;
  }
}

class TestApp implements AppAdapter {
  readonly name = 'Zvit';
  readonly isPackaged = true;
  readonly appUpdateConfigPath: string;
  readonly userDataPath: string;
  readonly baseCachePath: string;
  readonly version: string;
  constructor(version: string, dir: string) {
    this.version = version;
    this.userDataPath = path.join(dir, 'user-data');
    this.baseCachePath = path.join(dir, 'cache');
    this.appUpdateConfigPath = path.join(dir, 'app-update.yml');
    fs.mkdirSync(this.userDataPath, { recursive: true });
    // What electron-builder writes into resources/ for a generic publish (the hub URL is set at
    // run time from the enrollment, so this one only names the cache folder).
    fs.writeFileSync(this.appUpdateConfigPath, 'provider: generic\nurl: https://hub.invalid/updates/stable\nupdaterCacheDirName: zvit-updater\n');
  }
  whenReady = () => Promise.resolve();
  relaunch(): void {}
  quit(): void {}
  onQuit(): void {}
}

interface Pc {
  /** quitAndInstall calls: running the installer is the one step left to the real machine. */
  installs: [boolean, boolean][];
  controller: UpdateController;
  updater: NsisUpdater;
  app: TestApp;
  log: string[];
  cacheDir: string;
  states: UpdateState[];
}

function pc(device: { deviceId: string; token: string }, version: string, options: { clockedIn?: boolean; oldInstaller?: boolean } = {}): Pc {
  const dir = fs.mkdtempSync(path.join(work, 'pc-'));
  const app = new TestApp(version, dir);
  const updater = new NsisUpdater(null, app);
  (updater as unknown as { httpExecutor: NodeNetExecutor }).httpExecutor = new NodeNetExecutor();
  // latest.yml (Windows) on this Linux test machine. In this mode electron-updater does not fall
  // back from a failed differential download to a full one, so ask for one only where the old
  // installer is there to start from (as it is on an installed PC).
  (updater as unknown as { _testOnlyOptions: object })._testOnlyOptions = { platform: 'win32', isUseDifferentialDownload: Boolean(options.oldInstaller) };
  const cacheDir = path.join(app.baseCachePath, 'zvit-updater');
  if (options.oldInstaller) {
    // The NSIS installer keeps a copy of itself here; differential downloads start from it.
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(path.join(cacheDir, 'installer.exe'), installerBytes('win', version));
  }
  const log: string[] = [];
  const states: UpdateState[] = [];
  const installs: [boolean, boolean][] = [];
  updater.quitAndInstall = (silent = false, forceRunAfter = false) => void installs.push([silent, forceRunAfter]);
  const controller = new UpdateController({
    updater,
    version,
    channel: 'stable',
    hub: () => ({ url: hub.url, token: device.token }),
    clockedIn: () => options.clockedIn ?? true,
    log: (m) => log.push(m),
    onChange: (s) => states.push(s),
    report: reportUpdateFailure,
  });
  return { installs, controller, updater, app, log, cacheDir, states };
}

const sha512 = (file: string) => crypto.createHash('sha512').update(fs.readFileSync(file)).digest('base64');
const inside = () => devices.filter((d) => bucket(d.deviceId, releaseId) < 50);
const outside = () => devices.filter((d) => bucket(d.deviceId, releaseId) >= 50);

describe('updating from the hub with electron-updater', () => {
  it('has devices on both sides of 50%', () => {
    expect(inside().length).toBeGreaterThan(1);
    expect(outside().length).toBeGreaterThan(1);
  });

  it('a device inside the percentage downloads the new version differentially and installs it only when asked while clocked in', async () => {
    const me = pc(inside()[0]!, '1.0.0', { oldInstaller: true });
    const state = await me.controller.checkNow();
    expect(state).toMatchObject({ phase: 'ready', version: '1.1.0', rollback: false, error: null });
    const installer = path.join(me.cacheDir, 'pending', 'Zvit-Setup-1.1.0.exe');
    expect(sha512(installer)).toBe(sha512(path.join(work, 'v1.1.0', 'Zvit-Setup-1.1.0.exe')));
    // Only the changed blocks came over the network (Range requests to the hub).
    const plan = me.log.find((l) => l.includes('To download'));
    expect(plan, me.log.join('\n')).toBeDefined();
    expect(Number(/\((\d+)%\)/.exec(plan!)![1])).toBeLessThan(50);
    // Clocked in: not without a yes.
    expect(me.controller.installNow()).toBe(false);
    expect(me.installs).toEqual([]);
    expect(me.controller.installNow(true)).toBe(true);
    expect(me.installs).toEqual([[true, true]]);
  });

  it('a device outside the percentage stays where it is', async () => {
    const me = pc(outside()[0]!, '1.0.0');
    expect(await me.controller.checkNow()).toMatchObject({ phase: 'idle', version: null });
    expect(fs.existsSync(path.join(me.cacheDir, 'pending'))).toBe(false);
  });

  it('the percentage raised to 100: the device outside gets it too', async () => {
    await set('1.1.0', '--percent', '100');
    const me = pc(outside()[0]!, '1.0.0');
    expect(await me.controller.checkNow()).toMatchObject({ phase: 'ready', version: '1.1.0' });
  });

  it('a tampered installer is refused by its sha512, discarded and reported; the app goes on', async () => {
    // Someone changes the installer on the hub's disk after it was published (same size).
    const onHub = fs.readdirSync(path.join(hubData, 'updates', 'files'), { recursive: true }).map(String).find((f) => f.endsWith('Zvit-Setup-1.1.0.exe'))!;
    const file = path.join(hubData, 'updates', 'files', onHub);
    const bytes = fs.readFileSync(file);
    bytes[123_456] = bytes[123_456]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    try {
      const me = pc(inside()[1]!, '1.0.0');
      const state = await me.controller.checkNow();
      expect(state.phase).toBe('failed');
      expect(state.error).toMatch(/sha512 checksum mismatch/);
      expect(fs.existsSync(path.join(me.cacheDir, 'pending', 'Zvit-Setup-1.1.0.exe'))).toBe(false);
      expect(me.installs).toEqual([]);
      // The hub counts it against the release.
      await expect.poll(async () => (await hub.admin<{ releases: ReleaseSummary[] }>('GET', '/api/v1/releases')).releases.find((r) => r.version === '1.1.0')!.devices.failed).toBe(1);
    } finally {
      bytes[123_456] = bytes[123_456]! ^ 0xff;
      fs.writeFileSync(file, bytes);
    }
  });

  it('halted: a device on the halted version is offered the previous one as a rollback and takes it; one on it stays', async () => {
    expect(await set('1.1.0', '--halt')).toContain('halted');
    const onBad = pc(inside()[0]!, '1.1.0', { clockedIn: false });
    const state = await onBad.controller.checkNow();
    expect(state).toMatchObject({ phase: 'ready', version: '1.0.0', rollback: true });
    expect(onBad.log.some((l) => l.includes('1.1.0 was halted on the hub; going back to 1.0.0'))).toBe(true);
    // Found at start while nobody is clocked in: it installs (silently, and the app comes back).
    expect(onBad.installs).toEqual([[true, true]]);
    expect(onBad.updater.allowDowngrade).toBe(false);

    const onGood = pc(outside()[1]!, '1.0.0');
    expect(await onGood.controller.checkNow()).toMatchObject({ phase: 'idle' });
  });

  it('never goes back without the hub saying so', async () => {
    // 1.2.0 built locally and never published: the hub offers 1.0.0 without a rollback mark.
    const me = pc(inside()[2]!, '1.2.0');
    expect(await me.controller.checkNow()).toMatchObject({ phase: 'idle', version: null });
  });

  it('an unreachable hub or a revoked device is a failed check, never a crash', async () => {
    const dir = fs.mkdtempSync(path.join(work, 'pc-'));
    const app = new TestApp('1.0.0', dir);
    const updater = new NsisUpdater(null, app);
    (updater as unknown as { httpExecutor: NodeNetExecutor }).httpExecutor = new NodeNetExecutor();
    (updater as unknown as { _testOnlyOptions: object })._testOnlyOptions = { platform: 'win32' };
    const gone = new UpdateController({ updater, version: '1.0.0', channel: 'stable', hub: () => ({ url: 'http://127.0.0.1:9', token: 'x' }), clockedIn: () => false });
    expect((await gone.checkNow()).phase).toBe('failed');
    const unknown = pc({ deviceId: uuidv7(), token: 'zvd_not-a-token' }, '1.0.0');
    const state = await unknown.controller.checkNow();
    expect(state.phase).toBe('failed');
    expect(state.error).toContain('401');
  });
});
