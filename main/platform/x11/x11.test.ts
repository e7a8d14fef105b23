// Against a real X server (Xvfb), a real window manager (openbox) and real xterm windows.
import { accessSync, constants, realpathSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { activeWindow } from 'get-windows';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startX11Session, type X11Session } from '../../../test/x11-session.ts';
import { openPlatformSources } from '../sources.ts';
import type { ForegroundWindow } from '../types.ts';
import { decodeCompoundText } from './compound-text.ts';
import { BAD_WINDOW, X11Connection } from './connection.ts';
import { X11IdleSource } from './idle-source.ts';
import { X11WindowSource } from './window-source.ts';

const CRM_TITLE = 'Угода з ТОВ Ромашка';
const REPORT_TITLE = 'Звіт за тиждень — «Ромашка»';

/** The xterm binary as PATH finds it, symlinks resolved: what /proc/<pid>/exe should name. */
function xtermPath(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, 'xterm'), constants.X_OK);
      return realpathSync(join(dir, 'xterm'));
    } catch {
      // not in this directory
    }
  }
  throw new Error('xterm is not on PATH');
}

const until = { timeout: 5000, interval: 20 };

describe('X11 sources with real xterm windows', () => {
  let x: X11Session;
  let source: X11WindowSource;
  let changes = 0;
  const windows: Record<'mail' | 'editor' | 'report' | 'crm', { id: number; pid: number }> = {} as never;

  beforeAll(async () => {
    x = await startX11Session();
    const [mail, editor, report, crm] = await Promise.all([
      x.openWindow({ title: 'Inbox (3) - Mail', className: 'Mail' }),
      x.openWindow({ title: 'notes.txt - Editor', className: 'Editor' }),
      x.openWindow({ title: REPORT_TITLE, className: 'Report' }),
      x.openWindow({ title: CRM_TITLE, className: 'LegacyCrm', compoundText: true }),
    ]);
    Object.assign(windows, { mail, editor, report, crm });
    source = await X11WindowSource.open(x.display);
    source.onChange(() => changes++);
  });

  afterAll(async () => {
    await source?.close();
    await x?.stop();
  });

  async function focus(id: number, expected: ForegroundWindow): Promise<void> {
    const switching = !isDeepStrictEqual(await source.current(), expected);
    const before = changes;
    await x.activate(id);
    await vi.waitFor(async () => expect(await source.current()).toEqual(expected), until);
    if (switching) expect(changes).toBeGreaterThan(before);
  }

  it('follows focus across windows: app, pid, exe and exact titles, in UTF-8 and COMPOUND_TEXT', async () => {
    const exe = xtermPath();
    const expected = {
      mail: { app: 'Mail', exe, pid: windows.mail.pid, title: 'Inbox (3) - Mail', domain: null },
      editor: { app: 'Editor', exe, pid: windows.editor.pid, title: 'notes.txt - Editor', domain: null },
      report: { app: 'Report', exe, pid: windows.report.pid, title: REPORT_TITLE, domain: null },
      crm: { app: 'LegacyCrm', exe, pid: windows.crm.pid, title: CRM_TITLE, domain: null },
    };
    for (const name of ['mail', 'crm', 'editor', 'report', 'mail', 'crm'] as const) {
      await focus(windows[name].id, expected[name]);
      // The uncached query must agree with what the events built up.
      expect(await source.queryActiveWindow()).toEqual(expected[name]);
    }
    // String equality is code-unit equality; spell out that nothing was normalised or replaced.
    const title = (await source.current())?.title ?? '';
    expect(Buffer.from(title).equals(Buffer.from(CRM_TITLE))).toBe(true);
  });

  it('reports a title change of the focused window, COMPOUND_TEXT and UTF-8 alike', async () => {
    await focus(windows.crm.id, { app: 'LegacyCrm', exe: xtermPath(), pid: windows.crm.pid, title: CRM_TITLE, domain: null });
    let before = changes;
    await x.setTitle(windows.crm.id, 'Угода №2 з ТОВ Ромашка');
    await vi.waitFor(async () => expect((await source.current())?.title).toBe('Угода №2 з ТОВ Ромашка'), until);
    expect(changes).toBeGreaterThan(before);

    await focus(windows.report.id, { app: 'Report', exe: xtermPath(), pid: windows.report.pid, title: REPORT_TITLE, domain: null });
    before = changes;
    await x.setTitle(windows.report.id, 'Звіт 😀 готовий');
    await vi.waitFor(async () => expect((await source.current())?.title).toBe('Звіт 😀 готовий'), until);
    expect(changes).toBeGreaterThan(before);
  });

  it('ignores title changes of windows that are not focused', async () => {
    await x.activate(windows.mail.id);
    await vi.waitFor(async () => expect((await source.current())?.app).toBe('Mail'), until);
    const before = changes;
    await x.setTitle(windows.editor.id, 'draft.txt - Editor');
    await x.setTitle(windows.mail.id, 'Inbox (4) - Mail'); // an event that must come after the first
    await vi.waitFor(async () => expect((await source.current())?.title).toBe('Inbox (4) - Mail'), until);
    expect(changes).toBe(before + 1);
  });

  it('shows get-windows losing COMPOUND_TEXT titles (and titles with "=") that this source reads', async () => {
    const display = process.env.DISPLAY;
    process.env.DISPLAY = x.display; // get-windows runs xprop with this process's environment
    try {
      await x.setTitle(windows.crm.id, CRM_TITLE);
      await x.activate(windows.crm.id);
      await vi.waitFor(async () => expect((await source.current())?.title).toBe(CRM_TITLE), until);
      const theirs = await activeWindow();
      expect(theirs?.owner).toMatchObject({ name: 'LegacyCrm', processId: windows.crm.pid });
      // It looks only for _NET_WM_NAME(UTF8_STRING) or WM_NAME(STRING) in xprop's output.
      expect(theirs?.title).toBeNull();

      // With a UTF-8 _NET_WM_NAME it gets the title right: the difference is COMPOUND_TEXT.
      await x.setTitle(windows.report.id, REPORT_TITLE);
      await x.activate(windows.report.id);
      await vi.waitFor(async () => expect((await source.current())?.title).toBe(REPORT_TITLE), until);
      expect((await activeWindow())?.title).toBe(REPORT_TITLE);

      // It also splits xprop's lines at every "=", so a title containing one is lost as well.
      await x.activate(windows.mail.id);
      await x.setTitle(windows.mail.id, 'Pipeline: ARR = 1.2M');
      await vi.waitFor(async () => expect((await source.current())?.title).toBe('Pipeline: ARR = 1.2M'), until);
      expect((await activeWindow())?.title).toBeNull();
    } finally {
      if (display === undefined) delete process.env.DISPLAY;
      else process.env.DISPLAY = display;
    }
  });

  it('survives an active window id that names no window (BadWindow), then recovers', async () => {
    await x.activate(windows.editor.id);
    await vi.waitFor(async () => expect((await source.current())?.app).toBe('Editor'), until);
    // What a source sees when the window is destroyed between the event and its reads.
    await x.run('xprop', ['-root', '-f', '_NET_ACTIVE_WINDOW', '32c', '-set', '_NET_ACTIVE_WINDOW', String(0x1fffff0)]);
    await vi.waitFor(async () => expect(await source.current()).toBeNull(), until);
    expect(await source.queryActiveWindow()).toBeNull();
    await x.activate(windows.mail.id);
    await vi.waitFor(async () => expect((await source.current())?.app).toBe('Mail'), until);
  });

  it('rejects a request on a window that does not exist with BadWindow, leaving nothing pending', async () => {
    const connection = await X11Connection.open(x.display);
    try {
      const wmName = await connection.atom('WM_NAME');
      await expect(connection.getProperty(0x1fffff0, wmName)).rejects.toMatchObject({ code: BAD_WINDOW });
      await expect(connection.watchProperties(0x1fffff0, true)).rejects.toMatchObject({ code: BAD_WINDOW });
      // The connection is still good afterwards.
      expect(await connection.getProperty(windows.mail.id, wmName)).not.toBeNull();
      expect(connection.pendingRequests).toBe(0);
    } finally {
      await connection.close();
    }
  });

  it('survives the focused window being destroyed', async () => {
    const doomed = await x.openWindow({ title: 'Doomed', className: 'Doomed' });
    await x.activate(doomed.id);
    await vi.waitFor(async () => expect((await source.current())?.app).toBe('Doomed'), until);
    process.kill(doomed.pid, 'SIGKILL');
    await vi.waitFor(async () => expect((await source.current())?.app).not.toBe('Doomed'), until);
    await x.activate(windows.editor.id);
    await vi.waitFor(async () => expect((await source.current())?.app).toBe('Editor'), until);
  });

  it('reads back exactly the COMPOUND_TEXT bytes Xlib stores, and decodes them', async () => {
    const probe = await x.openWindow({ title: 'probe', className: 'Probe', compoundText: true });
    const connection = await X11Connection.open(x.display);
    try {
      const wmName = await connection.atom('WM_NAME');
      const read = async (): Promise<{ type: string; bytes: Buffer }> => {
        const property = await connection.getProperty(probe.id, wmName);
        if (!property) throw new Error('WM_NAME is missing');
        return { type: await connection.atomName(property.type), bytes: property.data };
      };

      await x.setTitle(probe.id, CRM_TITLE);
      const crm = await read();
      expect(crm.type).toBe('COMPOUND_TEXT');
      // ESC - L, then ISO 8859-5: the vector compound-text.test.ts builds by hand.
      const iso88595 = [...CRM_TITLE].map((c) => (c === ' ' ? 0x20 : c.codePointAt(0)! - 0x360));
      expect([...crm.bytes]).toEqual([0x1b, 0x2d, 0x4c, ...iso88595]);
      expect(decodeCompoundText(crm.bytes)).toBe(CRM_TITLE);

      for (const title of ['Ґанок ґ — café €', 'Łódź 日本語', 'a😀b', 'Ελλάδα Ħ']) {
        await x.setTitle(probe.id, title);
        const { type, bytes } = await read();
        expect(type).toBe('COMPOUND_TEXT');
        expect(decodeCompoundText(bytes)).toBe(title);
      }
      expect(connection.pendingRequests).toBe(0);
    } finally {
      await connection.close();
    }
  });

  it('measures idle time that grows and drops after pointer movement', async () => {
    const idle = await X11IdleSource.open(x.display);
    try {
      expect(idle.name).toBe('x11-screensaver');
      await x.moveMouse();
      const first = await idle.idleSeconds();
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const later = await idle.idleSeconds();
      expect(later - first).toBeGreaterThanOrEqual(1);
      expect(later - first).toBeLessThan(5);
      await x.moveMouse();
      expect(await idle.idleSeconds()).toBeLessThan(0.5);
      expect(await idle.screenLocked()).toBe(false);
    } finally {
      await idle.close();
    }
  });

  it('opens both X11 sources from the session environment', async () => {
    const sources = await openPlatformSources(x.env, 'linux');
    try {
      expect(sources.unavailable).toEqual([]);
      expect(sources.window?.name).toBe('x11');
      expect(sources.idle?.name).toBe('x11-screensaver');
      expect(await sources.window?.current()).toEqual(await source.queryActiveWindow());
      expect(await sources.window?.current()).not.toBeNull();
    } finally {
      await sources.window?.close();
      await sources.idle?.close();
    }
  });
});

describe('X11 sources when the server goes away', () => {
  it('rejects every call with a clear error and tells onChange listeners', async () => {
    const x = await startX11Session();
    try {
      const window = await x.openWindow({ title: 'Soon gone' });
      await x.activate(window.id);
      const source = await X11WindowSource.open(x.display);
      const idle = await X11IdleSource.open(x.display);
      expect((await source.current())?.title).toBe('Soon gone');
      // Listeners learn of the loss like of a switch: their next current() rejects.
      const seenByListener = new Promise<Error>((resolve) => source.onChange(() => void source.current().catch(resolve)));

      await x.stop();
      const gone = new RegExp(`X11 display ${x.display} is not available`);
      expect((await seenByListener).message).toMatch(gone);
      await expect(source.current()).rejects.toThrow(gone);
      await expect(source.queryActiveWindow()).rejects.toThrow(gone);
      await expect(idle.idleSeconds()).rejects.toThrow(gone);
      await source.close();
      await idle.close();
    } finally {
      await x.stop();
    }
  });

  it('fails to open with the display named', async () => {
    await expect(X11WindowSource.open(':4095')).rejects.toThrow(/cannot connect to X11 display :4095/);
    await expect(X11IdleSource.open(':4095')).rejects.toThrow(/cannot connect to X11 display :4095/);
  });
});

describe('X11 idle without the MIT-SCREEN-SAVER extension', () => {
  let x: X11Session;
  let dir: string;

  beforeAll(async () => {
    x = await startX11Session({ disableExtensions: ['MIT-SCREEN-SAVER'] });
    dir = await mkdtemp(join(tmpdir(), 'zvit-xprintidle-'));
  });

  afterAll(async () => {
    await x?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses to open with the reason when xprintidle cannot help (it needs the extension too)', async () => {
    await expect(X11IdleSource.open(x.display)).rejects.toThrow(
      new RegExp(`X11 display ${x.display} has no MIT-SCREEN-SAVER extension and xprintidle failed`),
    );
  });

  it('falls back to an xprintidle that works', async () => {
    const script = join(dir, 'xprintidle');
    // Stands in for an xprintidle built on another idle mechanism; checks it gets the display.
    await writeFile(script, `#!/bin/sh\n[ "$DISPLAY" = "${x.display}" ] && echo 4321\n`);
    await chmod(script, 0o755);
    const idle = await X11IdleSource.open(x.display, { xprintidle: script });
    expect(idle.name).toBe('xprintidle');
    expect(await idle.idleSeconds()).toBe(4.321);
    expect(await idle.screenLocked()).toBeNull();
    await idle.close();
  });
});
