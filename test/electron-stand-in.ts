// A stand-in for the part of the `electron` module the desktop shell uses, so the real shell
// code runs where Electron cannot (tests: `vi.mock('electron', () => import('./electron-stand-in.ts'))`).
// BrowserWindow is a Playwright page in Debian's Chromium when a browser context is attached
// (integration test), or a record of what was asked of it (unit tests). The preload runs in
// the page for real, with contextBridge and ipcRenderer bridged to the shell's ipcMain handlers
// through a Playwright binding; Tray, Menu, Notification, dialogs, shortcuts and power events
// are recorded and can be driven. What it cannot be: Chromium's isolated world for the
// preload, the sandbox, native menus and toasts, the OS's power and keychain; see README.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import type { BrowserContext, Frame, Page } from '@playwright/test';

/** The page origin that stands for app://zvit (Playwright cannot route a custom scheme); https, as
 * app:// is registered secure (crypto.randomUUID and other secure-context APIs need that). */
export const APP_HTTP_ORIGIN = 'https://zvit.app.test';
const toApp = (url: string) => (url.startsWith(APP_HTTP_ORIGIN) ? `app://zvit${url.slice(APP_HTTP_ORIGIN.length)}` : url);
const toHttp = (url: string) => (url.startsWith('app://zvit') ? `${APP_HTTP_ORIGIN}${url.slice('app://zvit'.length)}` : url);

type IpcHandler = (event: { sender: unknown; senderFrame: { url: string; parent: unknown } | null }, ...args: unknown[]) => unknown;

class World {
  context: BrowserContext | null = null;
  readonly ipc = new Map<string, IpcHandler>();
  readonly protocols = new Map<string, (request: Request) => Promise<Response>>();
  readonly privileged: unknown[] = [];
  readonly trays: Tray[] = [];
  readonly notifications: Notification[] = [];
  readonly windows: BrowserWindow[] = [];
  readonly dialogs: { options: unknown; response: number }[] = [];
  /** What the next message boxes answer (button index), first to last; then 0. */
  dialogAnswers: number[] = [];
  readonly shortcuts = new Map<string, () => void>();
  takenShortcuts = new Set<string>();
  loginItem: { openAtLogin: boolean; args?: string[] } | null = null;
  readonly opened: string[] = [];
  readonly permissionHandlers: ((...args: unknown[]) => void)[] = [];
  readonly sessionEvents = new Map<string, (...args: unknown[]) => void>();
  userData = '/nonexistent';
  idleSeconds = 0;
  idleState: 'active' | 'idle' | 'locked' | 'unknown' = 'active';
  encryption = true;
  storageBackend = 'gnome_libsecret';
  quitted = false;
  accessibility = false;
  accessibilityPrompts = 0;
  screenAccess: 'granted' | 'denied' | 'not-determined' = 'not-determined';

  /** Renders windows as pages of this context, and bridges their preload to ipcMain. */
  async attach(context: BrowserContext): Promise<void> {
    this.context = context;
    await context.route(`${APP_HTTP_ORIGIN}/**`, async (route) => {
      const handler = this.protocols.get('app');
      if (!handler) return route.fulfill({ status: 404, body: 'no app:// handler registered' });
      const response = await handler(new Request(toApp(route.request().url()), { method: route.request().method() }));
      await route.fulfill({ status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) });
    });
    await context.exposeBinding('__electronInvoke', async (source: { frame: Frame }, channel: string, ...args: unknown[]) => {
      const handler = this.ipc.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      const frame = source.frame;
      const win = this.windows.find((w) => w.page === frame.page());
      return handler({ sender: win?.webContents ?? null, senderFrame: { url: toApp(frame.url()), parent: frame.parentFrame() } }, ...args);
    });
  }

  reset(): void {
    this.ipc.clear();
    this.protocols.clear();
    this.trays.length = 0;
    this.notifications.length = 0;
    this.windows.length = 0;
    this.dialogs.length = 0;
    this.shortcuts.clear();
    this.quitted = false;
    app.removeAllListeners();
    powerMonitor.removeAllListeners();
  }
}

export const standIn = new World();

function preloadScript(file: string): string {
  const code = fs.readFileSync(file, 'utf8');
  return `(() => {
  // Electron runs the preload in the top frame only (no nodeIntegrationInSubFrames).
  if (window !== window.top) return;
  const listeners = new Map();
  window.__electronEmit = (channel, args) => { for (const l of listeners.get(channel) ?? []) l({}, ...args); };
  const electron = {
    contextBridge: { exposeInMainWorld(key, api) { Object.defineProperty(window, key, { value: Object.freeze(api), writable: false, configurable: false }); } },
    ipcRenderer: {
      invoke: (channel, ...args) => window.__electronInvoke(channel, ...args),
      on(channel, listener) { if (!listeners.has(channel)) listeners.set(channel, new Set()); listeners.get(channel).add(listener); },
      removeListener(channel, listener) { listeners.get(channel)?.delete(listener); },
    },
  };
  const module = { exports: {} };
  const require = (name) => { if (name === 'electron') return electron; throw new Error('a sandboxed preload cannot require ' + name); };
  (function (require, module, exports) {
${code}
  })(require, module, module.exports);
})();`;
}

// ---- app -------------------------------------------------------------------------------------

class App extends EventEmitter {
  isPackaged = false;
  whenReady = () => Promise.resolve();
  getVersion = () => '1.0.0';
  getAppPath = () => process.cwd();
  getPath = (_name: string) => standIn.userData;
  requestSingleInstanceLock = () => true;
  setAppUserModelId(): void {}
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void {
    standIn.loginItem = settings;
  }
  getLoginItemSettings = () => standIn.loginItem ?? { openAtLogin: false };
  quit(): void {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      standIn.quitted = true;
      this.emit('will-quit', { preventDefault() {} });
    }
  }
  exit(): void {
    standIn.quitted = true;
  }
}
export const app = new App();

// ---- windows ---------------------------------------------------------------------------------

class WebContents extends EventEmitter {
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  loading = true;
  private readonly win: BrowserWindow;
  constructor(win: BrowserWindow) {
    super();
    this.win = win;
  }
  isLoading = () => this.loading;
  getURL = () => (this.win.page ? toApp(this.win.page.url()) : (this.win.url ?? ''));
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
    const page = this.win.page;
    if (page && !page.isClosed()) void page.evaluate(([c, a]) => (globalThis as unknown as { __electronEmit?: (c: string, a: unknown[]) => void }).__electronEmit?.(c, a), [channel, args] as const).catch(() => {});
  }
}

export class BrowserWindow extends EventEmitter {
  readonly options: Record<string, unknown>;
  readonly webContents: WebContents;
  page: Page | null = null;
  url: string | null = null;
  visible = false;
  bounds = { x: 0, y: 0, width: 800, height: 600 };
  destroyed = false;
  private readonly ready: Promise<void>;

  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    this.webContents = new WebContents(this);
    standIn.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
    this.ready = (async () => {
      if (!standIn.context) return;
      this.page = await standIn.context.newPage();
      const { width, height } = options as { width?: number; height?: number };
      if (width && height) await this.page.setViewportSize({ width, height });
      const preload = (options.webPreferences as { preload?: string } | undefined)?.preload;
      if (preload) await this.page.addInitScript({ content: preloadScript(preload) });
    })();
  }

  async loadURL(url: string): Promise<void> {
    this.url = url;
    await this.ready;
    if (this.page) await this.page.goto(toHttp(url));
    this.webContents.loading = false;
    this.webContents.emit('did-finish-load');
  }
  isVisible = () => this.visible;
  isMinimized = () => false;
  isDestroyed = () => this.destroyed;
  restore(): void {}
  show(): void {
    this.visible = true;
    void this.page?.bringToFront().catch(() => {});
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {}
  setBounds(bounds: { x: number; y: number; width: number; height: number }): void {
    this.bounds = bounds;
  }
  getBounds = () => this.bounds;
  close(): void {
    const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroyed = true;
  }
}

// ---- tray, menus, notifications, images --------------------------------------------------------

export class NativeImage {
  readonly buffer: Buffer;
  readonly representations: { scaleFactor: number; buffer: Buffer }[] = [];
  template = false;
  constructor(buffer: Buffer) {
    this.buffer = buffer;
  }
  addRepresentation(rep: { scaleFactor: number; buffer: Buffer }): void {
    this.representations.push(rep);
  }
  setTemplateImage(on: boolean): void {
    this.template = on;
  }
  isTemplateImage = () => this.template;
  toPNG = () => this.buffer;
}
export const nativeImage = { createFromBuffer: (buffer: Buffer) => new NativeImage(buffer), createEmpty: () => new NativeImage(Buffer.alloc(0)) };

export interface MenuItemOptions {
  id?: string;
  label?: string;
  type?: string;
  checked?: boolean;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItemOptions[];
}
export const Menu = { buildFromTemplate: (items: MenuItemOptions[]) => ({ items }) };

export class Tray extends EventEmitter {
  image: NativeImage;
  tooltip = '';
  menu: { items: MenuItemOptions[] } | null = null;
  destroyed = false;
  constructor(image: NativeImage) {
    super();
    this.image = image;
    standIn.trays.push(this);
  }
  setImage(image: NativeImage): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: { items: MenuItemOptions[] }): void {
    this.menu = menu;
  }
  getBounds = () => ({ x: 1860, y: 1050, width: 24, height: 24 });
  destroy(): void {
    this.destroyed = true;
  }
  /** Clicks a menu item by id, as a person would in the native menu. */
  clickItem(id: string): void {
    const find = (items: MenuItemOptions[]): MenuItemOptions | undefined => items.map((i) => (i.id === id ? i : i.submenu && find(i.submenu))).find(Boolean);
    const item = this.menu && find(this.menu.items);
    if (!item) throw new Error(`No tray menu item ${id}; the menu has ${JSON.stringify(this.menu?.items.map((i) => i.id))}`);
    if (item.enabled === false) throw new Error(`Tray menu item ${id} is disabled`);
    item.click?.();
  }
}

export class Notification extends EventEmitter {
  static isSupported = () => true;
  readonly options: { title: string; body: string; urgency?: string };
  shown = false;
  constructor(options: { title: string; body: string; urgency?: string }) {
    super();
    this.options = options;
  }
  show(): void {
    this.shown = true;
    standIn.notifications.push(this);
  }
  close(): void {
    this.emit('close');
  }
}

// ---- process services --------------------------------------------------------------------------

export const ipcMain = {
  handle: (channel: string, handler: IpcHandler) => {
    if (standIn.ipc.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    standIn.ipc.set(channel, handler);
  },
  removeHandler: (channel: string) => standIn.ipc.delete(channel),
};

export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => standIn.privileged.push(...schemes),
  handle: (scheme: string, handler: (request: Request) => Promise<Response>) => standIn.protocols.set(scheme, handler),
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler: (...args: unknown[]) => void) => standIn.permissionHandlers.push(handler),
    setPermissionCheckHandler: () => {},
    on: (event: string, handler: (...args: unknown[]) => void) => standIn.sessionEvents.set(event, handler),
  },
};

class PowerMonitor extends EventEmitter {
  getSystemIdleTime = () => standIn.idleSeconds;
  getSystemIdleState = () => standIn.idleState;
}
export const powerMonitor = new PowerMonitor();

export const safeStorage = {
  isEncryptionAvailable: () => standIn.encryption,
  getSelectedStorageBackend: () => standIn.storageBackend,
  // Not encryption: only so that a test can tell the stored bytes are not the token.
  encryptString: (text: string) => Buffer.from(`sealed:${Buffer.from(text).toString('base64')}`),
  decryptString: (data: Buffer) => {
    const text = data.toString();
    if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice(7), 'base64').toString();
  },
};

export const globalShortcut = {
  register: (accelerator: string, run: () => void) => {
    if (standIn.takenShortcuts.has(accelerator)) return false;
    standIn.shortcuts.set(accelerator, run);
    return true;
  },
  unregisterAll: () => standIn.shortcuts.clear(),
};

class NativeTheme extends EventEmitter {
  shouldUseDarkColors = false;
}
export const nativeTheme = new NativeTheme();

export const screen = {
  getCursorScreenPoint: () => ({ x: 1870, y: 1060 }),
  getDisplayNearestPoint: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
};

export const systemPreferences = {
  isTrustedAccessibilityClient: (prompt: boolean) => {
    if (prompt) standIn.accessibilityPrompts++;
    return standIn.accessibility;
  },
  getMediaAccessStatus: () => standIn.screenAccess,
};

export const shell = { openExternal: async (url: string) => void standIn.opened.push(url) };

export const dialog = {
  showErrorBox: (title: string, content: string) => void standIn.dialogs.push({ options: { title, content }, response: 0 }),
  showMessageBox: async (options: unknown) => {
    const response = standIn.dialogAnswers.shift() ?? 0;
    standIn.dialogs.push({ options, response });
    return { response, checkboxChecked: false };
  },
};
