import { describe, expect, it } from 'vitest';
import { describeTrackingIssue } from '../../shared/api.ts';
import { DESKTOP_APP_IDLE, openPlatformSources, planPlatformSources, type SourceOpeners } from './sources.ts';
import type { IdleSource, WindowSource } from './types.ts';

describe('planPlatformSources', () => {
  it.each([
    ['an X11 session', { DISPLAY: ':0', XDG_SESSION_TYPE: 'x11' }, { kind: 'x11', display: ':0' }],
    ['DISPLAY with no session type', { DISPLAY: 'localhost:10.0' }, { kind: 'x11', display: 'localhost:10.0' }],
    ['XWayland under a Wayland session', { DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0', XDG_SESSION_TYPE: 'wayland' }, { kind: 'none' }],
    ['Wayland without a session type', { WAYLAND_DISPLAY: 'wayland-0' }, { kind: 'none' }],
    ['no display at all', {}, { kind: 'none' }],
  ])('linux, %s', (_case, env, expected) => {
    expect(planPlatformSources(env, 'linux')).toMatchObject(expected);
  });

  it('names Wayland as the reason, for windows and idle separately', () => {
    expect(planPlatformSources({ XDG_SESSION_TYPE: 'wayland', DISPLAY: ':1' }, 'linux')).toEqual({
      kind: 'none',
      unavailable: [
        { source: 'window', code: 'wayland', detail: null },
        { source: 'idle', code: 'wayland', detail: null },
      ],
    });
  });

  it('says DISPLAY is missing when there is no desktop session', () => {
    const plan = planPlatformSources({ WAYLAND_DISPLAY: '' }, 'linux');
    expect(plan.kind === 'none' && plan.unavailable.map(describeTrackingIssue)).toEqual([
      expect.stringMatching(/^window tracking .*DISPLAY is not set/),
      expect.stringMatching(/^idle detection .*DISPLAY is not set/),
    ]);
  });

  it.each(['win32', 'darwin'] as const)('%s uses get-windows whatever the environment says', (platform) => {
    expect(planPlatformSources({ XDG_SESSION_TYPE: 'wayland' }, platform)).toEqual({ kind: 'get-windows' });
  });
});

describe('openPlatformSources', () => {
  const fakeWindow: WindowSource = { name: 'fake-window', current: async () => null, close: async () => {} };
  const fakeIdle: IdleSource = {
    name: 'fake-idle',
    idleSeconds: async () => 0,
    screenLocked: async () => null,
    close: async () => {},
  };
  const opened: string[] = [];
  const openers: SourceOpeners = {
    x11Window: async (display) => (opened.push(`window ${display}`), fakeWindow),
    x11Idle: async (display) => (opened.push(`idle ${display}`), fakeIdle),
    getWindows: () => (opened.push('get-windows'), fakeWindow),
  };

  it('opens both X11 sources on the DISPLAY', async () => {
    opened.length = 0;
    expect(await openPlatformSources({ DISPLAY: ':7' }, 'linux', openers)).toEqual({
      window: fakeWindow,
      idle: fakeIdle,
      unavailable: [],
    });
    expect(opened.sort()).toEqual(['idle :7', 'window :7']);
  });

  it('keeps the window source when only idle fails, and says why', async () => {
    const noIdle = { ...openers, x11Idle: async () => Promise.reject(new Error('no MIT-SCREEN-SAVER')) };
    expect(await openPlatformSources({ DISPLAY: ':7' }, 'linux', noIdle)).toEqual({
      window: fakeWindow,
      idle: null,
      unavailable: [{ source: 'idle', code: 'failed', detail: 'no MIT-SCREEN-SAVER' }],
    });
  });

  it('opens nothing on Wayland', async () => {
    opened.length = 0;
    const sources = await openPlatformSources({ XDG_SESSION_TYPE: 'wayland', DISPLAY: ':0' }, 'linux', openers);
    expect(sources).toMatchObject({ window: null, idle: null });
    expect(sources.unavailable).toHaveLength(2);
    expect(opened).toEqual([]);
  });

  it.each(['win32', 'darwin'] as const)('%s: get-windows for windows, no idle source', async (platform) => {
    opened.length = 0;
    expect(await openPlatformSources({}, platform, openers)).toEqual({
      window: fakeWindow,
      idle: null,
      unavailable: [DESKTOP_APP_IDLE],
    });
    expect(opened).toEqual(['get-windows']);
  });

  it('builds a real GetWindowsSource by default on win32, without calling it', async () => {
    const sources = await openPlatformSources({}, 'win32');
    expect(sources.window?.name).toBe('get-windows');
    expect(sources.unavailable.map(describeTrackingIssue)).toEqual(['idle detection needs the desktop app on this platform']);
  });
});
