// Power events reach the tracking core (a real Agent on a real store), with `electron` mocked.
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/electron-stand-in.ts'));

import { defaultPolicy } from '../../shared/policy.ts';
import { powerMonitor, standIn } from '../../test/electron-stand-in.ts';
import { fakeSources } from '../../test/fake-sources.ts';
import { tempDir } from '../../test/tmp.ts';
import { Agent } from '../agent/agent.ts';
import { LocalStore } from '../store/local-store.ts';
import { PowerIdleSource, wirePower } from './power.ts';

const dir = tempDir('zvit-power-');
let n = 0;
let store: LocalStore | null = null;
afterEach(() => store?.close());

async function agent() {
  const clock = { now: () => Date.now(), mono: () => performance.now(), zone: () => 'Europe/Kyiv' };
  store = LocalStore.open(path.join(dir, `p${++n}.db`), clock.now);
  const a = new Agent({ store, clock, sources: fakeSources(clock.now).sources, policy: defaultPolicy() });
  await a.clockIn();
  return a;
}

describe('power events', () => {
  it('lock and unlock, suspend and resume pause and unpause the clock', async () => {
    standIn.reset();
    const a = await agent();
    const flushes: number[] = [];
    const stop = wirePower({ systemEvent: (k) => a.systemEvent(k), flush: () => flushes.push(1) }, () => {});
    powerMonitor.emit('lock-screen');
    await expect.poll(() => a.status().state).toBe('paused');
    expect(a.status().pauseReason).toBe('lock');
    powerMonitor.emit('unlock-screen');
    await expect.poll(() => a.status().state).toBe('working');
    powerMonitor.emit('suspend');
    await expect.poll(() => a.status().pauseReason).toBe('suspend');
    powerMonitor.emit('resume');
    await expect.poll(() => a.status().state).toBe('working');
    powerMonitor.emit('shutdown');
    expect(flushes).toEqual([1]);
    stop();
    powerMonitor.emit('lock-screen');
    await new Promise((r) => setTimeout(r, 20));
    expect(a.status().state).toBe('working');
    await a.stop();
  });

  it('a refused event is logged, not thrown', async () => {
    standIn.reset();
    const log: string[] = [];
    wirePower({ systemEvent: () => Promise.reject(new Error('store closed')), flush: () => {} }, (m) => log.push(m));
    powerMonitor.emit('suspend');
    await expect.poll(() => log).toContain('power: suspend not recorded: store closed');
  });

  it("Electron's idle time and lock state feed the idle seam", async () => {
    const idle = new PowerIdleSource();
    standIn.idleSeconds = 312;
    standIn.idleState = 'locked';
    expect(await idle.idleSeconds()).toBe(312);
    expect(await idle.screenLocked()).toBe(true);
    standIn.idleState = 'unknown';
    expect(await idle.screenLocked()).toBeNull();
    standIn.idleState = 'active';
    expect(await idle.screenLocked()).toBe(false);
  });
});
