// The two windows, both the same renderer from app://zvit/: the popover by the tray (the
// clock buttons, what is asked now) and the main window (my day, plan, report, settings).
// Closing either hides it: Zvit lives in the tray until Quit.
import { BrowserWindow, screen, type Rectangle } from 'electron';
import { DESKTOP_CHANNELS, type OpenRequest } from '../../shared/desktop.ts';
import { APP_ORIGIN } from './protocol.ts';

export interface WindowOptions {
  preload: string;
  icon?: Electron.NativeImage;
  log: (message: string) => void;
}

const POPOVER = { width: 380, height: 560 };

/** Where the popover goes: by the tray icon, kept inside the work area of its screen. */
export function popoverBounds(tray: Rectangle | null, workArea: Rectangle, size = POPOVER): Rectangle {
  const anchor = tray && tray.width > 0 ? tray : { x: workArea.x + workArea.width, y: workArea.y + workArea.height, width: 0, height: 0 };
  let x = Math.round(anchor.x + anchor.width / 2 - size.width / 2);
  // Taskbar at the top (macOS menu bar, some Linux panels): below the icon; else above it.
  let y = anchor.y < workArea.y + workArea.height / 2 ? anchor.y + anchor.height + 4 : anchor.y - size.height - 4;
  x = Math.min(Math.max(x, workArea.x + 4), workArea.x + workArea.width - size.width - 4);
  y = Math.min(Math.max(y, workArea.y + 4), workArea.y + workArea.height - size.height - 4);
  return { x, y, width: size.width, height: size.height };
}

export class ShellWindows {
  private popover: BrowserWindow | null = null;
  private main: BrowserWindow | null = null;
  private quitting = false;
  private readonly o: WindowOptions;

  constructor(options: WindowOptions) {
    this.o = options;
  }

  private create(kind: 'popover' | 'main'): BrowserWindow {
    const win = new BrowserWindow({
      ...(kind === 'popover' ? { ...POPOVER, frame: false, resizable: false, skipTaskbar: true, alwaysOnTop: true } : { width: 1180, height: 820, minWidth: 720, minHeight: 520 }),
      show: false,
      title: 'Zvit',
      ...(this.o.icon ? { icon: this.o.icon } : {}),
      backgroundColor: '#ffffff',
      webPreferences: {
        preload: this.o.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webviewTag: false,
        spellcheck: false,
      },
    });
    win.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      win.hide();
    });
    if (kind === 'popover') win.on('blur', () => win.hide());
    void win.loadURL(`${APP_ORIGIN}/index.html${kind === 'popover' ? '#popover' : ''}`).catch((error: unknown) => this.o.log(`windows: ${kind} did not load: ${(error as Error).message}`));
    return win;
  }

  /** Shows the popover by the tray, or hides it when it is showing. */
  togglePopover(trayBounds: Rectangle | null): void {
    this.popover ??= this.create('popover');
    if (this.popover.isVisible()) return this.popover.hide();
    const point = trayBounds ?? screen.getCursorScreenPoint();
    const display = screen.getDisplayNearestPoint({ x: point.x, y: point.y });
    this.popover.setBounds(popoverBounds(trayBounds, display.workArea));
    this.popover.show();
    this.popover.focus();
  }

  /** Shows the main window, at a screen when one is named. */
  openMain(request?: OpenRequest): BrowserWindow {
    this.main ??= this.create('main');
    const win = this.main;
    const send = () => request && win.webContents.send(DESKTOP_CHANNELS.open, request);
    if (win.webContents.isLoading()) win.webContents.once('did-finish-load', send);
    else send();
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    this.popover?.hide();
    return win;
  }

  /** Tells every window that status or prompts may have changed. */
  changed(): void {
    for (const win of [this.popover, this.main]) if (win && !win.isDestroyed()) win.webContents.send(DESKTOP_CHANNELS.changed);
  }

  get all(): BrowserWindow[] {
    return [this.popover, this.main].filter((w): w is BrowserWindow => w !== null && !w.isDestroyed());
  }

  /** From now on closing a window closes it (the app is quitting). */
  quit(): void {
    this.quitting = true;
  }
}
