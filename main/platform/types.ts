// Platform seams for tracking, chosen once at start-up and injected (STYLE.md §2).
import type { TrackingIssue } from '../../shared/api.ts';

export interface ForegroundWindow {
  /** Human app name: WM_CLASS class on X11, the process or bundle name elsewhere. */
  app: string;
  /** Absolute executable path, when the platform tells it. */
  exe: string | null;
  pid: number | null;
  /** Window title as the user sees it (any script, e.g. Cyrillic), or null when it has none. */
  title: string | null;
  /** The browser URL's host, where the platform gives it (never the full URL). */
  domain: string | null;
}

export interface WindowSource {
  readonly name: string;
  /** The foreground window now, or null when nothing has focus. Cheap: called every second. */
  current(): Promise<ForegroundWindow | null>;
  /** Event-driven sources call back when the foreground window or its title changes. */
  onChange?(listener: () => void): () => void;
  close(): Promise<void>;
}

export interface IdleSource {
  readonly name: string;
  /** Seconds since the last keyboard or mouse input. */
  idleSeconds(): Promise<number>;
  /** True while the screen saver or lock is on, false when not, null when unknown. */
  screenLocked(): Promise<boolean | null>;
  close(): Promise<void>;
}

/** What the platform can track here; `unavailable` says what it cannot, and why. */
export interface PlatformSources {
  window: WindowSource | null;
  idle: IdleSource | null;
  unavailable: TrackingIssue[];
}
