// The operating system's power events feed the agent: the screen locked or the machine asleep
// pauses the clock (and back again), and a shutdown writes what is pending before the process
// goes. Idle time comes from Electron where the platform seam has none (Windows, macOS).
import { powerMonitor } from 'electron';
import type { IdleSource } from '../platform/types.ts';

export interface PowerTarget {
  systemEvent(kind: 'lock' | 'unlock' | 'suspend' | 'resume'): Promise<unknown>;
  /** Closes the open span and writes everything pending, synchronously. */
  flush(): void;
}

export function wirePower(target: PowerTarget, log: (message: string) => void): () => void {
  const forward = (kind: 'lock' | 'unlock' | 'suspend' | 'resume') => () => {
    target.systemEvent(kind).catch((error: unknown) => log(`power: ${kind} not recorded: ${(error as Error).message}`));
  };
  const handlers: [string, () => void][] = [
    ['lock-screen', forward('lock')],
    ['unlock-screen', forward('unlock')],
    ['suspend', forward('suspend')],
    ['resume', forward('resume')],
    [
      'shutdown',
      () => {
        // Linux and macOS say so before they power off; write now, there may be no later.
        log('power: shutdown; writing what is pending');
        target.flush();
      },
    ],
  ];
  for (const [event, handler] of handlers) powerMonitor.on(event as 'suspend', handler);
  return () => handlers.forEach(([event, handler]) => powerMonitor.off(event as 'suspend', handler));
}

/** Electron's idle time and lock state as the tracking core's idle seam. */
export class PowerIdleSource implements IdleSource {
  readonly name = 'electron-powerMonitor';

  async idleSeconds(): Promise<number> {
    return powerMonitor.getSystemIdleTime();
  }

  async screenLocked(): Promise<boolean | null> {
    // 'locked' is only reported where the platform can tell (Windows, macOS).
    const state = powerMonitor.getSystemIdleState(1);
    if (state === 'locked') return true;
    return state === 'unknown' ? null : false;
  }

  async close(): Promise<void> {}
}
