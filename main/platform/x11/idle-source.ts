// Seconds since the last input on X11, from the MIT-SCREEN-SAVER extension's QueryInfo: the
// server counts idle time itself, so one round trip answers it, with no input hooks of our own.
import { execFile } from 'node:child_process';
import type { IdleSource } from '../types.ts';
import { X11Connection } from './connection.ts';

interface ScreenSaverInfo {
  /** Off 0, On 1, Cycle 2, Disabled 3. */
  state: number;
  /** Milliseconds since the last input. */
  idle: number;
}

interface ScreenSaverExtension {
  QueryInfo(drawable: number, callback: (error: unknown, info?: ScreenSaverInfo) => boolean | void): void;
}

const STATE_OFF = 0;
const STATE_ON = 1;
const STATE_CYCLE = 2;

interface Probe {
  idleMs(): Promise<number>;
  locked(): Promise<boolean | null>;
  close(): Promise<void>;
}

export interface X11IdleOptions {
  /** The fallback command when the server lacks the extension. */
  xprintidle?: string;
}

export class X11IdleSource implements IdleSource {
  readonly name: string;
  private readonly probe: Probe;

  private constructor(name: string, probe: Probe) {
    this.name = name;
    this.probe = probe;
  }

  /** Connects to `display`; throws with the reason when neither the extension nor xprintidle works. */
  static async open(display: string, options: X11IdleOptions = {}): Promise<X11IdleSource> {
    const connection = await X11Connection.open(display);
    const extension = await connection.extension<ScreenSaverExtension>('screen-saver').catch(async (error) => {
      await connection.close();
      throw error;
    });
    if (extension !== null) return new X11IdleSource('x11-screensaver', screenSaverProbe(connection, extension));
    await connection.close();

    const command = options.xprintidle ?? 'xprintidle';
    const probe = xprintidleProbe(command, display);
    try {
      await probe.idleMs();
    } catch (error) {
      throw new Error(
        `X11 display ${display} has no MIT-SCREEN-SAVER extension and ${command} failed: ` +
          (error as Error).message,
        { cause: error },
      );
    }
    return new X11IdleSource('xprintidle', probe);
  }

  async idleSeconds(): Promise<number> {
    return (await this.probe.idleMs()) / 1000;
  }

  screenLocked(): Promise<boolean | null> {
    return this.probe.locked();
  }

  close(): Promise<void> {
    return this.probe.close();
  }
}

const REUSE_MS = 250;

function screenSaverProbe(connection: X11Connection, extension: ScreenSaverExtension): Probe {
  // The agent asks for the idle time and then the lock state every second; the QueryInfo that
  // answered the first answers the second too (half the round trips). Only once, and only
  // moments later: the idle time itself is always asked afresh.
  let forLock: { at: number; info: Promise<ScreenSaverInfo> } | null = null;
  const query = (): Promise<ScreenSaverInfo> =>
    connection.request<ScreenSaverInfo>((callback) => extension.QueryInfo(connection.root, callback));
  return {
    idleMs: async () => {
      const info = query();
      forLock = { at: performance.now(), info };
      return (await info).idle;
    },
    locked: async () => {
      const reuse = forLock && performance.now() - forLock.at < REUSE_MS ? forLock.info : null;
      forLock = null;
      const { state } = await (reuse ?? query());
      // Disabled: the saver will never come on, which says nothing about a locker running
      // without it.
      return state === STATE_ON || state === STATE_CYCLE ? true : state === STATE_OFF ? false : null;
    },
    close: () => connection.close(),
  };
}

/** xprintidle prints the idle milliseconds; it knows nothing of the lock. */
function xprintidleProbe(command: string, display: string): Probe {
  const env = { ...process.env, DISPLAY: display };
  return {
    idleMs: () =>
      new Promise((resolve, reject) => {
        execFile(command, [], { env, timeout: 5000 }, (error, stdout, stderr) => {
          const ms = Number.parseInt(stdout, 10);
          if (error) reject(new Error(stderr.trim() || error.message));
          else if (!Number.isFinite(ms)) reject(new Error(`unexpected output ${JSON.stringify(stdout)}`));
          else resolve(ms);
        });
      }),
    locked: async () => null,
    close: async () => undefined,
  };
}
