// The desktop app wired together: the same agent as `zvit agent` (one factory), with the OS
// keychain for its token and Electron's idle time, then the protocol, IPC, windows, tray,
// notifications, power events, shortcut, start at login and updates around it.
import path from 'node:path';
import { app, dialog, nativeImage, nativeTheme } from 'electron';
import type { AgentStatus, Prompt } from '../../shared/api.ts';
import type { OpenRequest } from '../../shared/desktop.ts';
import type { PlanItem } from '../../shared/plan.ts';
import { startHeadlessAgent, type HeadlessAgent } from '../agent/headless.ts';
import { DESKTOP_APP_IDLE, openPlatformSources } from '../platform/sources.ts';
import type { PlatformSources } from '../platform/types.ts';
import { loadPreset, machinePresetDir, PresetError, type Preset } from '../sync/preset.ts';
import type { UpdateController, UpdateState } from '../update/controller.ts';
import { applyLoginItem, applyShortcut, DesktopSettingsFile } from './desktop-settings.ts';
import { renderAppIcon } from './icons.ts';
import { explainMacPermissions } from './macos-permissions.ts';
import { registerIpc } from './ipc.ts';
import { PromptNotifier } from './notifications.ts';
import { PowerIdleSource, wirePower } from './power.ts';
import { serveApp } from './protocol.ts';
import { SafeStorageSecretStore } from './secret-store.ts';
import { applySecurity } from './security.ts';
import type { ShellLocale } from './text.ts';
import { shellText } from './text.ts';
import { ShellTray, trayView, type TrayAction } from './tray.ts';
import { startUpdater } from './updater.ts';
import { ShellWindows } from './windows.ts';

export interface ShellOptions {
  /** The built renderer (index.html and its assets). */
  uiDir: string;
  /** The bundled preload (CommonJS, runs sandboxed). */
  preload: string;
  /** Default: Electron's userData folder, the same one `zvit` uses. */
  dataDir?: string;
  /** Platform sources (tests); default the machine's, with Electron's idle time where needed. */
  sources?: PlatformSources;
  env?: NodeJS.ProcessEnv;
  /** Where zvit-preset.json may sit: beside the executable. */
  execDir?: string | null;
  /** And the machine-wide settings folder (default per platform; null: none). */
  machinePresetDir?: string | null;
  log?: (message: string) => void;
  /** Started hidden (at login): no window until the tray is clicked. */
  hidden?: boolean;
}

export interface RunningShell {
  agent: HeadlessAgent;
  tray: ShellTray;
  windows: ShellWindows;
  notifier: PromptNotifier;
  updates: UpdateController | null;
  /** Re-reads the agent and redraws the tray (also runs on every change). */
  refresh(): Promise<void>;
  /** Quits as the tray's Quit does (asks when clocked in unless `confirmed`). */
  quit(confirmed?: boolean): Promise<boolean>;
}

async function desktopSources(): Promise<PlatformSources> {
  const sources = await openPlatformSources();
  // Windows and macOS: the windows come from get-windows, idle time and lock from Electron.
  if (sources.idle === null && sources.unavailable.includes(DESKTOP_APP_IDLE)) {
    return { ...sources, idle: new PowerIdleSource(), unavailable: sources.unavailable.filter((u) => u !== DESKTOP_APP_IDLE) };
  }
  return sources;
}

const LOCALES: readonly ShellLocale[] = ['uk', 'ru', 'en'];

export async function startShell(options: ShellOptions): Promise<RunningShell> {
  const log = options.log ?? ((m: string) => console.error(m));
  const env = options.env ?? process.env;
  await app.whenReady();
  applySecurity(log);
  serveApp(options.uiDir);

  const dataDir = options.dataDir ?? app.getPath('userData');
  let preset: Preset | null = null;
  try {
    preset = loadPreset(env, options.execDir ?? null, options.machinePresetDir === undefined ? machinePresetDir(env) : options.machinePresetDir);
  } catch (error) {
    if (!(error instanceof PresetError)) throw error;
    log(`preset: ${error.message}`);
  }
  const agent = await startHeadlessAgent({
    dataDir,
    sources: options.sources ?? (await desktopSources()),
    secrets: new SafeStorageSecretStore(path.join(dataDir, 'device-token.enc')),
    version: app.getVersion(),
    preset,
    log,
  });
  const { handlers } = agent;

  const windows = new ShellWindows({ preload: options.preload, log, ...(process.platform !== 'darwin' ? { icon: nativeImage.createFromBuffer(renderAppIcon(256)) } : {}) });
  const open = (request: OpenRequest) => void windows.openMain(request);
  registerIpc(handlers, { openMain: open }, log);

  const settings = new DesktopSettingsFile(dataDir, log);
  applyLoginItem(settings.current.openAtLogin, log);
  let status: AgentStatus = await handlers.status({});
  let prompts: Prompt[] = [];
  let planItems: PlanItem[] = [];
  let locale: ShellLocale = 'uk';
  let update: UpdateState = { phase: 'off', version: null, rollback: false, error: null, checkedAt: null };
  // Decisions read the agent's state now, not the tray's last picture of it.
  const toggleClock = () => {
    void (async () => {
      const { state } = await handlers.status({});
      await (state === 'clocked_out' ? handlers.clockIn : state === 'break' ? handlers.resume : handlers.startBreak)({});
    })().catch((error: unknown) => log(`shortcut: ${(error as Error).message}`));
  };
  let shortcutTaken = !applyShortcut(settings.current.shortcut, toggleClock, log);

  const notifier = new PromptNotifier(open, log);
  let refreshing: Promise<void> | null = null;
  let again = false;
  const refresh = async (): Promise<void> => {
    if (refreshing) {
      again = true;
      return refreshing;
    }
    refreshing = (async () => {
      do {
        again = false;
        try {
          [status, prompts] = await Promise.all([handlers.status({}), handlers.prompts({})]);
          planItems = (await handlers.getPlan({})).plan?.items ?? [];
          const language = (await handlers.getSettings({})).language;
          locale = LOCALES.includes(language as ShellLocale) ? (language as ShellLocale) : 'en';
          const reports = new Map<string, Awaited<ReturnType<typeof handlers.getReport>>>();
          for (const p of prompts) if (p.kind === 'report') reports.set(p.date, await handlers.getReport({ date: p.date }));
          tray.show(trayView({ status, prompts, planItems, locale, update, openAtLogin: settings.current.openAtLogin, shortcut: settings.current.shortcut, shortcutTaken }), nativeTheme.shouldUseDarkColors);
          notifier.update(prompts, locale, (p) => reports.get(p.date) ?? null);
          windows.changed();
        } catch (error) {
          log(`shell: refresh failed: ${(error as Error).message}`);
        }
      } while (again);
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  let quitting = false;
  const shutdown = async () => {
    if (quitting) return;
    quitting = true;
    windows.quit();
    updates?.stop();
    await agent.stop();
    tray.destroy();
    app.quit();
  };
  const quit = async (confirmed = false): Promise<boolean> => {
    if (!confirmed && !quitting && (await handlers.status({})).state !== 'clocked_out') {
      const t = (key: Parameters<typeof shellText>[1]) => shellText(locale, key);
      const { response } = await dialog.showMessageBox({
        type: 'question',
        title: t('quit.title'),
        message: t('quit.message'),
        detail: t('quit.detail'),
        buttons: [t('quit.clockOutAndQuit'), t('quit.quit'), t('quit.cancel')],
        defaultId: 0,
        cancelId: 2,
      });
      if (response === 2) return false;
      if (response === 0) await handlers.clockOut({}).catch((error: unknown) => log(`quit: clock-out failed: ${(error as Error).message}`));
    }
    await shutdown();
    return true;
  };

  const onAction = (action: TrayAction) => {
    const run = async () => {
      switch (action.kind) {
        case 'clockIn':
        case 'startBreak':
        case 'resume':
        case 'clockOut':
          await handlers[action.kind]({});
          break;
        case 'label':
          await handlers.setLabel({ label: action.label });
          break;
        case 'private':
          await handlers.setPrivate({ on: action.on });
          break;
        case 'open':
          open({ screen: action.screen });
          break;
        case 'openAtLogin':
          applyLoginItem(settings.save({ openAtLogin: action.on }).openAtLogin, log);
          break;
        case 'shortcut':
          shortcutTaken = !applyShortcut(settings.save({ shortcut: action.accelerator as never }).shortcut, toggleClock, log);
          break;
        case 'installUpdate': {
          if (!updates) break;
          if (updates.installNow()) break;
          const t = (key: Parameters<typeof shellText>[1], vars?: Record<string, string>) => shellText(locale, key, vars);
          const { response } = await dialog.showMessageBox({ type: 'question', title: t('update.title'), message: t('update.message', { version: update.version ?? '' }), buttons: [t('update.restart'), t('update.later')], defaultId: 1, cancelId: 1 });
          if (response === 0) updates.installNow(true);
          break;
        }
        case 'quit':
          await quit();
          return;
      }
      await refresh();
    };
    run().catch((error: unknown) => log(`tray: ${action.kind} failed: ${(error as Error).message}`));
  };
  // refresh() above draws into it; nothing calls refresh() before this line.
  const tray: ShellTray = new ShellTray(onAction, () => windows.togglePopover(tray.tray.getBounds()));

  const updates = startUpdater({
    env,
    version: app.getVersion(),
    channel: preset?.channel ?? env.ZVIT_UPDATE_CHANNEL ?? 'stable',
    hub: () => {
      const sync = agent.sync.status();
      const token = agent.secrets.get();
      return sync.hubUrl && token ? { url: sync.hubUrl, token } : null;
    },
    clockedIn: () => agent.agent.status().state !== 'clocked_out',
    log,
    onChange: (state) => {
      update = state;
      void refresh();
    },
  });

  // The agent announces every window switch; a burst of them is one redraw.
  let pending: NodeJS.Timeout | null = null;
  const soon = () => {
    pending ??= setTimeout(() => {
      pending = null;
      void refresh();
    }, 200);
  };
  agent.agent.subscribe(soon);
  nativeTheme.on('updated', soon);
  // The tooltip's worked time ticks even when nothing else changes.
  setInterval(() => void refresh(), 60_000).unref();
  wirePower({ systemEvent: (kind) => agent.agent.systemEvent(kind), flush: () => agent.agent.flush() }, log);

  // A tray app: closing its windows does not quit it.
  app.on('window-all-closed', () => {});
  app.on('second-instance', () => open({ screen: 'day' }));
  app.on('before-quit', (event) => {
    // Quit from the OS (sign-out, Cmd+Q, an update installing): stop the agent in order first.
    if (quitting) return;
    event.preventDefault();
    void shutdown();
  });

  await refresh();
  // Before any tracking: macOS's permission questions, explained first.
  await explainMacPermissions(settings, locale).catch((error: unknown) => log(`macOS permissions: ${(error as Error).message}`));
  if (!options.hidden) windows.togglePopover(tray.tray.getBounds());
  return { agent, tray, windows, notifier, updates, refresh, quit };
}
