// Picks the window and idle sources for this machine once, at start-up (STYLE.md §2).
import type { TrackingIssue } from '../../shared/api.ts';
import { GetWindowsSource } from './get-windows-source.ts';
import type { IdleSource, PlatformSources, WindowSource } from './types.ts';
import { X11IdleSource } from './x11/idle-source.ts';
import { X11WindowSource } from './x11/window-source.ts';

export type SourcePlan =
  | { kind: 'x11'; display: string }
  | { kind: 'get-windows' }
  | { kind: 'none'; unavailable: TrackingIssue[] };

export const DESKTOP_APP_IDLE: TrackingIssue = { source: 'idle', code: 'desktop_app', detail: null };

const both = (code: TrackingIssue['code']): TrackingIssue[] => [
  { source: 'window', code, detail: null },
  { source: 'idle', code, detail: null },
];

/** The decision alone, from the environment: no connection is made. */
export function planPlatformSources(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): SourcePlan {
  if (platform === 'win32' || platform === 'darwin') return { kind: 'get-windows' };
  // Under Wayland an X11 DISPLAY is only XWayland: it sees X clients alone, so it would report
  // a native Wayland window's time as idle or as the last X window's.
  if (env.XDG_SESSION_TYPE === 'wayland' || (env.WAYLAND_DISPLAY && !env.DISPLAY)) {
    return { kind: 'none', unavailable: both('wayland') };
  }
  if (env.DISPLAY) return { kind: 'x11', display: env.DISPLAY };
  return { kind: 'none', unavailable: both('no_display') };
}

export interface SourceOpeners {
  x11Window(display: string): Promise<WindowSource>;
  x11Idle(display: string): Promise<IdleSource>;
  getWindows(): WindowSource;
}

const realOpeners: SourceOpeners = {
  x11Window: (display) => X11WindowSource.open(display),
  x11Idle: (display) => X11IdleSource.open(display),
  getWindows: () => new GetWindowsSource(),
};

export async function openPlatformSources(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  openers: SourceOpeners = realOpeners,
): Promise<PlatformSources> {
  const plan = planPlatformSources(env, platform);
  if (plan.kind === 'none') return { window: null, idle: null, unavailable: plan.unavailable };
  if (plan.kind === 'get-windows') return { window: openers.getWindows(), idle: null, unavailable: [DESKTOP_APP_IDLE] };

  // Either may fail alone (an X server without MIT-SCREEN-SAVER still has windows).
  const [window, idle] = await Promise.allSettled([openers.x11Window(plan.display), openers.x11Idle(plan.display)]);
  const unavailable: TrackingIssue[] = [];
  if (window.status === 'rejected') unavailable.push({ source: 'window', code: 'failed', detail: reason(window.reason) });
  if (idle.status === 'rejected') unavailable.push({ source: 'idle', code: 'failed', detail: reason(idle.reason) });
  return {
    window: window.status === 'fulfilled' ? window.value : null,
    idle: idle.status === 'fulfilled' ? idle.value : null,
    unavailable,
  };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
