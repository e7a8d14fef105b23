// When and how the desktop app updates itself from the hub, around electron-updater's own
// classes (the shell passes the platform's autoUpdater; tests pass NsisUpdater in plain Node).
// The rules: download in the background; install when the app quits, or at the next start
// before anyone clocks in; never restart while clocked in without asking. A failed or tampered
// download is discarded by electron-updater (sha512), reported, and the running app goes on.
// The hub decides who gets which version; an older version is only taken when the hub marks
// it as an explicit rollback (the release this device runs was halted).
import semver from 'semver';
import type { AppUpdater, UpdateInfo } from 'electron-updater';
import { AGENT_VERSION_HEADER } from '../../shared/sync.ts';

export type UpdatePhase = 'off' | 'idle' | 'checking' | 'downloading' | 'ready' | 'failed';

export interface UpdateState {
  phase: UpdatePhase;
  /** The version being downloaded, or ready to install. */
  version: string | null;
  rollback: boolean;
  /** Why the last attempt failed, for the log and the tray's tooltip. */
  error: string | null;
  checkedAt: number | null;
}

export interface HubAccess {
  url: string;
  token: string;
}

export interface UpdateControllerOptions {
  updater: AppUpdater;
  /** The running app's version. */
  version: string;
  channel: string;
  /** The enrolled hub and this device's token, or null (not enrolled: no updates). */
  hub: () => HubAccess | null;
  clockedIn: () => boolean;
  log?: (message: string) => void;
  onChange?: (state: UpdateState) => void;
  /** Tells the hub an update failed here (it counts failures per release). */
  report?: (hub: HubAccess, channel: string, version: string, error: string) => Promise<void>;
  now?: () => number;
}

export const UPDATE_CHECK_INTERVAL_MS = 4 * 3600_000;

export class UpdateController {
  private readonly o: UpdateControllerOptions;
  private readonly log: (message: string) => void;
  private stateValue: UpdateState = { phase: 'off', version: null, rollback: false, error: null, checkedAt: null };
  private feed: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<UpdateState> | null = null;
  private started = false;
  private firstCheck = true;

  constructor(options: UpdateControllerOptions) {
    this.o = options;
    this.log = options.log ?? (() => {});
    const updater = options.updater;
    updater.autoDownload = true;
    // Installing on quit is the normal way in; the app never quits by itself while clocked in.
    updater.autoInstallOnAppQuit = true;
    updater.allowDowngrade = false;
    updater.logger = { info: (m: unknown) => this.log(`update: ${String(m)}`), warn: (m: unknown) => this.log(`update: ${String(m)}`), error: (m: unknown) => this.log(`update: ${String(m)}`), debug: () => {} };
    // electron-updater also emits 'error' for what checkNow() catches; without a listener an
    // EventEmitter would throw it, and an update must never take the app down.
    updater.on('error', () => {});
  }

  get state(): UpdateState {
    return this.stateValue;
  }

  /**
   * Checks now and then every few hours (jittered, so a fleet does not ask all at once); sooner
   * while not enrolled yet (a preset may be enrolling) or after a failure.
   */
  start(intervalMs = UPDATE_CHECK_INTERVAL_MS): void {
    if (this.started) return;
    this.started = true;
    const schedule = (delay: number) => {
      this.timer = setTimeout(() => {
        void this.checkNow().then((state) => {
          if (!this.started) return;
          const next = state.phase === 'off' ? Math.min(intervalMs, 10 * 60_000) : state.phase === 'failed' ? Math.min(intervalMs, 3600_000) : intervalMs;
          schedule(next * (0.75 + Math.random() / 2));
        });
      }, delay);
      this.timer.unref?.();
    };
    schedule(0);
  }

  stop(): void {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One check (and download, when there is something); never throws. */
  checkNow(): Promise<UpdateState> {
    this.running ??= this.check().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Installs a downloaded update now (the app restarts). While clocked in this needs the
   * person's yes (`confirmed`); answers false when it did not install.
   */
  installNow(confirmed = false): boolean {
    if (this.stateValue.phase !== 'ready') return false;
    if (this.o.clockedIn() && !confirmed) return false;
    try {
      this.o.updater.quitAndInstall(true, true);
      return true;
    } catch (error) {
      this.fail(this.stateValue.version, error);
      return false;
    }
  }

  private async check(): Promise<UpdateState> {
    const hub = this.o.hub();
    if (!hub) {
      this.set({ phase: 'off', version: null, rollback: false, error: null });
      return this.stateValue;
    }
    if (this.stateValue.phase === 'ready') return this.stateValue;
    const updater = this.o.updater;
    const feed = `${hub.url.replace(/\/+$/, '')}/updates/${encodeURIComponent(this.o.channel)}`;
    let offered: string | null = null;
    try {
      if (feed !== this.feed) {
        updater.setFeedURL({ provider: 'generic', url: feed });
        this.feed = feed;
      }
      updater.requestHeaders = { authorization: `Bearer ${hub.token}`, [AGENT_VERSION_HEADER]: this.o.version };
      this.set({ phase: 'checking', error: null });
      let result = await updater.checkForUpdates();
      let rollback = false;
      const info = result?.updateInfo as (UpdateInfo & { rollback?: unknown }) | undefined;
      if (result && !result.isUpdateAvailable && info?.rollback === true && semver.valid(info.version) && semver.lt(info.version, this.o.version)) {
        // The hub halted the release this device runs and offers the one before: go back,
        // this once. Otherwise an older version is never taken.
        this.log(`update: ${this.o.version} was halted on the hub; going back to ${info.version}`);
        updater.allowDowngrade = true;
        try {
          result = await updater.checkForUpdates();
        } finally {
          updater.allowDowngrade = false;
        }
        rollback = true;
      }
      this.stateValue.checkedAt = (this.o.now ?? Date.now)();
      if (!result?.isUpdateAvailable || !result.downloadPromise) {
        this.set({ phase: 'idle', version: null, rollback: false });
        return this.stateValue;
      }
      offered = result.updateInfo.version;
      this.set({ phase: 'downloading', version: offered, rollback });
      await result.downloadPromise;
      this.set({ phase: 'ready' });
      this.log(`update: ${offered} downloaded; it installs when Zvit quits${this.o.clockedIn() ? '' : ' (now: nobody is clocked in)'}`);
      // "At the next start": an update found at start-up goes in before the day begins.
      if (this.firstCheck && !this.o.clockedIn()) this.installNow();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND') {
        // Nothing published for this device yet: the normal state of a new hub.
        this.set({ phase: 'idle', version: null, error: null });
      } else {
        this.fail(offered, error);
      }
    } finally {
      this.firstCheck = false;
    }
    return this.stateValue;
  }

  private fail(version: string | null, error: unknown): void {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    this.log(`update failed${version ? ` (${version})` : ''}: ${message}; the app goes on with ${this.o.version}`);
    this.set({ phase: 'failed', error: message });
    const hub = this.o.hub();
    if (version && hub && this.o.report) {
      this.o.report(hub, this.o.channel, version, message).catch((e: unknown) => this.log(`update: could not report the failure: ${(e as Error).message}`));
    }
  }

  private set(change: Partial<UpdateState>): void {
    this.stateValue = { ...this.stateValue, ...change };
    try {
      this.o.onChange?.(this.stateValue);
    } catch (error) {
      this.log(`update: a listener failed: ${(error as Error).message}`);
    }
  }
}

/** POST /updates/<channel>/report: the hub counts failed updates per release. */
export async function reportUpdateFailure(hub: HubAccess, channel: string, version: string, error: string): Promise<void> {
  const res = await fetch(`${hub.url.replace(/\/+$/, '')}/updates/${encodeURIComponent(channel)}/report`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hub.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ version, error: error.slice(0, 2000) }),
    signal: AbortSignal.timeout(15_000),
  });
  if (!res.ok) throw new Error(`the hub answered HTTP ${res.status}`);
}
