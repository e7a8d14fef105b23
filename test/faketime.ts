// Runs the real agent process with its wall clock under the test's control (libfaketime, Debian's
// `faketime` package). The monotonic clock is left alone, as when a person or NTP moves the
// system clock: the agent has to notice the move by comparing the two.
import { execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startAgentProcess } from './cli.ts';

export const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

/**
 * A wall clock for child processes: the offset (whole seconds) from the real clock is kept in a
 * file that libfaketime reads again on every call, so moving it takes effect at once.
 */
export class FakeWall {
  private offsetSec: number;
  readonly file: string;

  /** Starts the clock at `start` (UTC ms or ISO), rounded to the second. */
  constructor(dir: string, start: number | string) {
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'faketime.rc');
    const at = typeof start === 'number' ? start : Date.parse(start);
    if (!Number.isFinite(at)) throw new RangeError(`Invalid start ${String(start)}`);
    this.offsetSec = Math.round((at - realNow()) / 1000);
    this.write();
  }

  /** Sets the wall clock to `at` (UTC ms or ISO), rounded to the second. */
  set(at: number | string): void {
    const t = typeof at === 'number' ? at : Date.parse(at);
    this.offsetSec = Math.round((t - realNow()) / 1000);
    this.write();
  }

  /** Moves the wall clock by whole seconds (negative: back); the monotonic clock stays. */
  move(ms: number): void {
    this.offsetSec += Math.round(ms / 1000);
    this.write();
  }

  /** The environment that puts a child process on this clock. */
  env(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    if (!fs.existsSync(LIBFAKETIME)) throw new Error(`${LIBFAKETIME} is missing: install Debian's faketime package (apt-get install faketime)`);
    // A suite already run under faketime (scripts/test-at-time.sh) must not pass its own
    // setting on: FAKETIME in the environment would win over this clock's file.
    return {
      ...withoutFaketime(base),
      LD_PRELOAD: LIBFAKETIME,
      FAKETIME_TIMESTAMP_FILE: this.file,
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    };
  }

  private write(): void {
    // Written whole and renamed, so a reader never sees a half-written offset.
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, `${this.offsetSec >= 0 ? '+' : ''}${this.offsetSec}\n`);
    fs.renameSync(tmp, this.file);
  }
}

/**
 * Starts `zvit agent` (no display: no window or idle source) with its wall clock on `wall`, in
 * `zone`. Extra environment (a policy, a hub) goes in `env`.
 */
/** The real wall clock, also when this process itself runs under faketime. */
function realNow(): number {
  if (!process.env.LD_PRELOAD?.includes('faketime')) return Date.now();
  return Number(execFileSync('date', ['+%s%3N'], { env: withoutFaketime(process.env), encoding: 'utf8' }).trim());
}

function withoutFaketime(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('FAKETIME') && key !== 'LD_PRELOAD'));
}

export function startAgentUnderFaketime(
  dataDir: string,
  wall: FakeWall,
  zone: string,
  env: NodeJS.ProcessEnv = process.env,
  args: string[] = [],
): Promise<ChildProcess & { output: () => string }> {
  return startAgentProcess(dataDir, args, wall.env({ ...env, DISPLAY: '', TZ: zone }));
}
