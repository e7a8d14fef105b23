// The clock seam. Wall time says *when*; the monotonic reading measures *how long*, because the
// wall clock can be moved (by the user, NTP, a dead CMOS battery) while the monotonic one cannot.

export interface Clock {
  /** Wall time, UTC ms since the epoch. */
  now(): number;
  /** Monotonic milliseconds from an arbitrary origin; never goes back within one process. */
  mono(): number;
  /** The IANA time zone in force, e.g. "Europe/Kyiv". */
  zone(): string;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  mono: () => performance.now(),
  zone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
};

/** A clock for tests: time moves only when told to; the wall clock can be jumped alone. */
export class FakeClock implements Clock {
  private wall: number;
  private monotonic = 0;
  private tz: string;

  constructor(start: number | string = '2026-03-02T09:00:00Z', zone = 'Europe/Kyiv') {
    this.wall = typeof start === 'number' ? start : Date.parse(start);
    this.tz = zone;
  }

  now(): number {
    return this.wall;
  }
  mono(): number {
    return this.monotonic;
  }
  zone(): string {
    return this.tz;
  }
  /** Real time passes: both clocks move. */
  advance(ms: number): void {
    this.wall += ms;
    this.monotonic += ms;
  }
  /** Someone moves the wall clock: only the wall clock moves. */
  jumpWall(ms: number): void {
    this.wall += ms;
  }
  setZone(zone: string): void {
    this.tz = zone;
  }
}
