// Scriptable platform sources for unit tests of the tracking core.
import type { ForegroundWindow, IdleSource, PlatformSources, WindowSource } from '../main/platform/types.ts';

export class FakeWindowSource implements WindowSource {
  readonly name = 'fake';
  window: ForegroundWindow | null = null;
  failWith: Error | null = null;
  private listeners = new Set<() => void>();

  show(app: string | null, title: string | null = null, extra: Partial<ForegroundWindow> = {}): void {
    this.window = app === null ? null : { app, title, exe: `/usr/bin/${app.toLowerCase()}`, pid: 100, domain: null, ...extra };
    for (const l of this.listeners) l();
  }
  async current(): Promise<ForegroundWindow | null> {
    if (this.failWith) throw this.failWith;
    return this.window;
  }
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async close(): Promise<void> {}
}

export class FakeIdleSource implements IdleSource {
  readonly name = 'fake';
  /** Wall time of the last input, read against the clock the test controls. */
  lastInput: number;
  locked: boolean | null = false;
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
    this.lastInput = now();
  }
  input(): void {
    this.lastInput = this.now();
  }
  async idleSeconds(): Promise<number> {
    return Math.max(0, (this.now() - this.lastInput) / 1000);
  }
  async screenLocked(): Promise<boolean | null> {
    return this.locked;
  }
  async close(): Promise<void> {}
}

export function fakeSources(now: () => number): { sources: PlatformSources; windows: FakeWindowSource; idle: FakeIdleSource } {
  const windows = new FakeWindowSource();
  const idle = new FakeIdleSource(now);
  return { sources: { window: windows, idle, unavailable: [] }, windows, idle };
}
