// The foreground window on Windows and macOS through the get-windows package. Not used on
// Linux: there it shells out to xprop and xwininfo for every call and cannot read
// COMPOUND_TEXT titles (see x11/window-source.ts).
import type { Result } from 'get-windows';
import type { ForegroundWindow, WindowSource } from './types.ts';

export type ActiveWindowFn = () => Promise<Result | undefined>;

// Imported on first use: the package loads per-platform code the process may never need.
const defaultActiveWindow: ActiveWindowFn = async () => (await import('get-windows')).activeWindow();

export class GetWindowsSource implements WindowSource {
  readonly name = 'get-windows';
  private readonly activeWindow: ActiveWindowFn;

  constructor(activeWindow: ActiveWindowFn = defaultActiveWindow) {
    this.activeWindow = activeWindow;
  }

  async current(): Promise<ForegroundWindow | null> {
    const window = await this.activeWindow();
    return window ? toForegroundWindow(window) : null;
  }

  async close(): Promise<void> {}
}

export function toForegroundWindow(window: Result): ForegroundWindow {
  const { owner } = window;
  const exe = owner.path || null;
  return {
    // Either separator: the mapping stays the same whichever OS runs it (and its tests).
    app: owner.name || (exe?.split(/[\\/]/).pop() ?? ''),
    exe,
    pid: Number.isInteger(owner.processId) ? owner.processId : null,
    // macOS without the screen-recording permission reports every title as "".
    title: window.title || null,
    domain: 'url' in window && window.url ? hostOf(window.url) : null,
  };
}

/** Only the host leaves this function: paths and queries can hold customer data. */
function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}
