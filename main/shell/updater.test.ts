// A failed update never breaks the running app: with `electron` and `electron-updater` mocked,
// an updater that throws, rejects or emits errors leaves the shell's updater in "failed" and
// everything else running; the failure is reported to the hub.
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/electron-stand-in.ts'));
const fake = vi.hoisted(() => ({ updater: null as unknown }));
vi.mock('electron-updater', () => ({ default: { get autoUpdater() { return fake.updater; } } }));

import { app } from '../../test/electron-stand-in.ts';
import { UpdateController, type UpdateState } from '../update/controller.ts';
import { startUpdater } from './updater.ts';

class BrokenUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowDowngrade = true;
  logger: unknown = null;
  requestHeaders: unknown = null;
  installs = 0;
  private readonly how: 'throws' | 'rejects' | 'download-fails' | 'emits';
  constructor(how: 'throws' | 'rejects' | 'download-fails' | 'emits') {
    super();
    this.how = how;
  }
  setFeedURL(): void {}
  checkForUpdates(): Promise<unknown> {
    if (this.how === 'throws') throw new Error('app-update.yml is broken');
    if (this.how === 'emits') {
      // electron-updater emits 'error' as well as rejecting; no listener would make it a crash.
      this.emit('error', new Error('net::ERR_INTERNET_DISCONNECTED'));
      return Promise.reject(new Error('net::ERR_INTERNET_DISCONNECTED'));
    }
    if (this.how === 'rejects') return Promise.reject(Object.assign(new Error('HttpError: 500'), { code: 'HTTP_ERROR_500' }));
    return Promise.resolve({ isUpdateAvailable: true, updateInfo: { version: '9.9.9' }, downloadPromise: Promise.reject(new Error('sha512 checksum mismatch, expected abc, got def')) });
  }
  quitAndInstall(): void {
    this.installs++;
  }
}

const hub = { url: 'https://hub.example.com', token: 'zvd_x' };

describe('updates that fail', () => {
  beforeEach(() => {
    app.isPackaged = true;
  });

  it.each(['throws', 'rejects', 'download-fails', 'emits'] as const)('an updater that %s leaves the app running, with the failure recorded and reported', async (how) => {
    const updater = new BrokenUpdater(how);
    fake.updater = updater;
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    const states: UpdateState[] = [];
    const reports: string[] = [];
    const log: string[] = [];
    const controller = new UpdateController({
      updater: updater as never,
      version: '1.0.0',
      channel: 'stable',
      hub: () => hub,
      clockedIn: () => false,
      log: (m) => log.push(m),
      onChange: (s) => states.push(s),
      report: async (_hub, _channel, version, error) => void reports.push(`${version}: ${error}`),
    });
    const state = await controller.checkNow();
    expect(state.phase).toBe('failed');
    expect(state.error).toBeTruthy();
    expect(updater.installs).toBe(0);
    expect(log.some((l) => l.includes('the app goes on with 1.0.0'))).toBe(true);
    if (how === 'download-fails') expect(reports).toEqual(['9.9.9: sha512 checksum mismatch, expected abc, got def']);
    // A later check works as before (nothing stuck in "checking").
    expect((await controller.checkNow()).phase).toBe('failed');
    await new Promise((r) => setTimeout(r, 10));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });

  it('the shell starts its updater only in an installed build, and an updater that cannot even be made leaves it off', () => {
    const log: string[] = [];
    const options = { version: '1.0.0', channel: 'stable', hub: () => hub, clockedIn: () => false, log: (m: string) => log.push(m), onChange: () => {} };
    app.isPackaged = false;
    expect(startUpdater(options)).toBeNull();
    app.isPackaged = true;
    fake.updater = new Proxy({}, { set: () => { throw new Error('no app-update.yml'); } });
    expect(startUpdater(options)).toBeNull();
    expect(log.at(-1)).toBe('updates: off: no app-update.yml');
    fake.updater = new BrokenUpdater('rejects');
    const running = startUpdater(options);
    expect(running).toBeInstanceOf(UpdateController);
    running!.stop();
  });

  it('is off while the device is not enrolled', async () => {
    const controller = new UpdateController({ updater: new BrokenUpdater('throws') as never, version: '1.0.0', channel: 'stable', hub: () => null, clockedIn: () => false });
    expect((await controller.checkNow()).phase).toBe('off');
  });
});
