// The desktop shell's life in the tray, with the electron stand-in (no browser needed): start at
// login on by default, the shortcut, the single instance, windows that hide, quitting while
// clocked in asks first; and macOS's permission questions explained before macOS asks.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-stand-in.ts'));

import { DesktopSettingsFile } from '../main/shell/desktop-settings.ts';
import { explainMacPermissions } from '../main/shell/macos-permissions.ts';
import { startShell, type RunningShell } from '../main/shell/main.ts';
import { shellText } from '../main/shell/text.ts';
import { LocalStore } from '../main/store/local-store.ts';
import { app, standIn } from './electron-stand-in.ts';
import { fakeSources } from './fake-sources.ts';
import { tempDir } from './tmp.ts';

const dataDir = tempDir('zvit-lifecycle-');
let shell: RunningShell;
const logs: string[] = [];

beforeAll(async () => {
  standIn.reset();
  app.isPackaged = true;
  standIn.takenShortcuts = new Set(['CommandOrControl+Alt+Z']);
  const exeDir = tempDir('zvit-exe-');
  fs.writeFileSync(path.join(exeDir, 'zvit-preset.json'), '{"hubUrl": ');
  shell = await startShell({ uiDir: dataDir, preload: path.join(dataDir, 'none.cjs'), dataDir, sources: fakeSources(Date.now).sources, env: { ZVIT_NO_UPDATES: '1' }, execDir: exeDir, log: (m) => logs.push(m), hidden: true });
});
afterAll(async () => {
  app.isPackaged = false;
  standIn.takenShortcuts = new Set();
  await shell.quit(true);
});

const tray = () => standIn.trays[0]!;
const item = (id: string) => tray().menu!.items.find((i) => i.id === id);

describe('the shell in the tray', () => {
  it('starts hidden at login, and registers itself to start at login by default', () => {
    expect(standIn.windows).toHaveLength(0);
    expect(standIn.loginItem).toEqual({ openAtLogin: true, args: ['--hidden'] });
    expect(item('openAtLogin')).toMatchObject({ checked: true });
  });

  it('turning start at login off is kept', async () => {
    tray().clickItem('openAtLogin');
    await expect.poll(() => standIn.loginItem?.openAtLogin).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'desktop.json'), 'utf8'))).toMatchObject({ openAtLogin: false });
    await expect.poll(() => item('openAtLogin')?.checked).toBe(false);
  });

  it('says when the shortcut is taken, and takes another one chosen in the menu', async () => {
    expect(item('shortcut')!.label).toBe(shellText('uk', 'tray.shortcutTaken', { key: process.platform === 'darwin' ? 'Cmd+Alt+Z' : 'Ctrl+Alt+Z' }));
    tray().clickItem('shortcut-CommandOrControl+Shift+Z');
    await expect.poll(() => [...standIn.shortcuts.keys()]).toEqual(['CommandOrControl+Shift+Z']);
    await expect.poll(() => item('shortcut')!.label).toBe(shellText('uk', 'tray.shortcut'));
    standIn.shortcuts.get('CommandOrControl+Shift+Z')!();
    await expect.poll(async () => (await shell.agent.handlers.status({})).state).toBe('working');
  });

  it('keeps the token in safeStorage and says where in the privacy view', async () => {
    expect((await shell.agent.handlers.status({})).sync.tokenStore).toEqual({ kind: 'os-keychain', location: expect.stringContaining('device-token.enc') });
  });

  it('a broken preset file is logged, not fatal', () => {
    expect(logs.some((l) => l.startsWith('preset:') && l.includes('zvit-preset.json is not valid JSON'))).toBe(true);
  });

  it('a second launch shows the first one, whose windows only hide when closed', () => {
    app.emit('second-instance');
    const main = standIn.windows.find((w) => w.url?.endsWith('index.html'))!;
    expect(main.visible).toBe(true);
    expect(main.options).toMatchObject({ webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false } });
    main.close();
    expect(main.destroyed).toBe(false);
    expect(main.visible).toBe(false);
    expect(app.listenerCount('window-all-closed')).toBe(1);
    expect(standIn.quitted).toBe(false);
  });

  it('quitting while clocked in asks: cancel keeps it running, "clock out and quit" does both', async () => {
    standIn.dialogAnswers = [2];
    tray().clickItem('quit');
    await expect.poll(() => standIn.dialogs.length).toBe(1);
    expect(standIn.dialogs[0]!.options).toMatchObject({ message: shellText('uk', 'quit.message') });
    expect(standIn.quitted).toBe(false);
    standIn.dialogAnswers = [0];
    expect(await shell.quit()).toBe(true);
    expect(standIn.quitted).toBe(true);
    expect(tray().destroyed).toBe(true);
    // The agent stopped in order; its log ends with the clock-out.
    const store = LocalStore.open(path.join(dataDir, 'zvit.db'), Date.now);
    expect(store.workEvents.all().at(-1)!.kind).toBe('clock_out');
    store.close();
  });
});

describe('macOS permissions', () => {
  it('are explained once, before macOS asks; not at all elsewhere or when granted', async () => {
    standIn.reset();
    const settings = new DesktopSettingsFile(tempDir('zvit-mac-'), () => {});
    expect(await explainMacPermissions(settings, 'uk', 'win32')).toBe('not-mac');
    standIn.accessibility = false;
    standIn.screenAccess = 'not-determined';
    expect(await explainMacPermissions(settings, 'uk', 'darwin')).toBe('explained');
    expect(standIn.dialogs[0]!.options).toMatchObject({ title: 'Два дозволи, і навіщо' });
    expect(standIn.accessibilityPrompts).toBe(1);
    expect(await explainMacPermissions(settings, 'uk', 'darwin')).toBe('explained-before');
    standIn.accessibility = true;
    standIn.screenAccess = 'granted';
    expect(await explainMacPermissions(new DesktopSettingsFile(tempDir('zvit-mac-'), () => {}), 'uk', 'darwin')).toBe('granted');
  });
});
