// The update controller's own rules with a scripted updater: when it checks, what it installs
// and when, and that an older version is taken only as the hub's explicit rollback.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { UpdateController } from './controller.ts';

class ScriptedUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowDowngrade = false;
  logger: unknown = null;
  requestHeaders: Record<string, string> | null = null;
  feed: unknown = null;
  checks = 0;
  installs: [boolean, boolean][] = [];
  /** What the hub offers: a version, and whether it is marked as a rollback. */
  offer: { version: string; rollback?: boolean } | null = null;
  private readonly current: string;
  constructor(current: string) {
    super();
    this.current = current;
  }
  setFeedURL(options: unknown): void {
    this.feed = options;
  }
  async checkForUpdates() {
    this.checks++;
    if (!this.offer) return { isUpdateAvailable: false, updateInfo: { version: this.current } };
    const newer = this.offer.version.localeCompare(this.current, undefined, { numeric: true }) > 0;
    const available = newer || (this.allowDowngrade && this.offer.version !== this.current);
    return { isUpdateAvailable: available, updateInfo: this.offer, downloadPromise: available ? Promise.resolve(['file']) : null };
  }
  quitAndInstall(silent = false, forceRunAfter = false): void {
    this.installs.push([silent, forceRunAfter]);
  }
}

const hub = { url: 'https://hub.example.com/', token: 'zvd_t' };

describe('the update controller', () => {
  it('checks with the device token and version at the enrolled hub\'s channel folder', async () => {
    const updater = new ScriptedUpdater('1.0.0');
    const controller = new UpdateController({ updater: updater as never, version: '1.0.0', channel: 'beta', hub: () => hub, clockedIn: () => true });
    expect(await controller.checkNow()).toMatchObject({ phase: 'idle' });
    expect(updater.feed).toEqual({ provider: 'generic', url: 'https://hub.example.com/updates/beta' });
    expect(updater.requestHeaders).toEqual({ authorization: 'Bearer zvd_t', 'x-zvit-agent-version': '1.0.0' });
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updater.allowDowngrade).toBe(false);
  });

  it('installs at the next start only before anyone clocks in, later only on quit or with a yes', async () => {
    let clockedIn = true;
    const updater = new ScriptedUpdater('1.0.0');
    updater.offer = { version: '1.1.0' };
    const controller = new UpdateController({ updater: updater as never, version: '1.0.0', channel: 'stable', hub: () => hub, clockedIn: () => clockedIn });
    expect(await controller.checkNow()).toMatchObject({ phase: 'ready', version: '1.1.0' });
    expect(updater.installs).toEqual([]);
    expect(controller.installNow()).toBe(false);
    clockedIn = false;
    expect(controller.installNow()).toBe(true);
    expect(updater.installs).toEqual([[true, true]]);

    const atStart = new ScriptedUpdater('1.0.0');
    atStart.offer = { version: '1.1.0' };
    await new UpdateController({ updater: atStart as never, version: '1.0.0', channel: 'stable', hub: () => hub, clockedIn: () => false }).checkNow();
    expect(atStart.installs).toEqual([[true, true]]);
  });

  it('goes back only when the hub marks the older version as a rollback', async () => {
    const plain = new ScriptedUpdater('1.1.0');
    plain.offer = { version: '1.0.0' };
    expect(await new UpdateController({ updater: plain as never, version: '1.1.0', channel: 'stable', hub: () => hub, clockedIn: () => true }).checkNow()).toMatchObject({ phase: 'idle' });
    const marked = new ScriptedUpdater('1.1.0');
    marked.offer = { version: '1.0.0', rollback: true };
    expect(await new UpdateController({ updater: marked as never, version: '1.1.0', channel: 'stable', hub: () => hub, clockedIn: () => true }).checkNow()).toMatchObject({ phase: 'ready', version: '1.0.0', rollback: true });
    expect(marked.allowDowngrade).toBe(false);
    // A "rollback" to a newer version is just an update.
    const odd = new ScriptedUpdater('1.0.0');
    odd.offer = { version: '1.2.0', rollback: true };
    expect(await new UpdateController({ updater: odd as never, version: '1.0.0', channel: 'stable', hub: () => hub, clockedIn: () => true }).checkNow()).toMatchObject({ version: '1.2.0', rollback: false });
  });

  it('checks again soon while not enrolled, then every interval', async () => {
    let access: typeof hub | null = null;
    const updater = new ScriptedUpdater('1.0.0');
    const controller = new UpdateController({ updater: updater as never, version: '1.0.0', channel: 'stable', hub: () => access, clockedIn: () => true });
    controller.start(40);
    await expect.poll(() => controller.state.phase).toBe('off');
    access = hub;
    await expect.poll(() => updater.checks).toBeGreaterThanOrEqual(2);
    controller.stop();
    const after = updater.checks;
    await new Promise((r) => setTimeout(r, 150));
    expect(updater.checks).toBe(after);
  });
});
