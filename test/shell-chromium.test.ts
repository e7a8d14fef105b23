// The desktop shell's real code, the real preload bundle and the real renderer, in Debian's
// Chromium, through the Electron stand-in (electron-stand-in.ts): clock in from the tray menu,
// answer the morning plan from its notification, see the state in the tray. Also the IPC
// guard as a page meets it: a foreign frame is refused, a bad payload is refused.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-stand-in.ts'));

import { startShell, type RunningShell } from '../main/shell/main.ts';
import { renderTrayIcon } from '../main/shell/icons.ts';
import type { ZvitBridge } from '../shared/desktop.ts';
import { shellText } from '../main/shell/text.ts';
import { buildDesktop, ROOT, testBuildDir } from '../scripts/build-desktop.ts';
import { standIn, type NativeImage } from './electron-stand-in.ts';
import { fakeSources } from './fake-sources.ts';
import { tempDir } from './tmp.ts';

const uk = (key: Parameters<typeof shellText>[1], vars?: Record<string, string | number>) => shellText('uk', key, vars);
const shots = path.join(ROOT, 'test-results', 'shell-chromium');

let browser: Browser;
let context: BrowserContext;
let shell: RunningShell;
const logs: string[] = [];

const outDir = testBuildDir('chromium');

beforeAll(async () => {
  const { preload } = await buildDesktop({ quiet: true, outDir });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  context = await browser.newContext({ viewport: { width: 1180, height: 820 } });
  await standIn.attach(context);
  const dataDir = tempDir('zvit-shell-');
  standIn.userData = dataDir;
  shell = await startShell({ uiDir: path.join(ROOT, 'dist', 'renderer'), preload, dataDir, sources: fakeSources(Date.now).sources, env: {}, log: (m) => logs.push(m) });
  fs.mkdirSync(shots, { recursive: true });
  context.on('page', (page) => page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`)));
}, 120_000);

afterAll(async () => {
  await shell?.quit(true);
  await browser?.close();
  fs.rmSync(outDir, { recursive: true, force: true });
});

const tray = () => standIn.trays[0]!;
const pageOf = (hash: string) => standIn.windows.find((w) => w.url?.endsWith(hash))?.page ?? null;
const trayIcon = (state: 'working' | 'clocked_out') => renderTrayIcon({ state, syncProblem: false, variant: 'light' }, 16);

describe('the desktop shell in Chromium', () => {
  it('starts in the tray, clocked out, with the popover showing the real renderer', async () => {
    expect(tray().tooltip).toContain(`Zvit — ${uk('state.clocked_out')}`);
    expect((tray().image as unknown as NativeImage).buffer.equals(trayIcon('clocked_out'))).toBe(true);
    await expect.poll(() => pageOf('#popover')).not.toBeNull();
    const popover = pageOf('#popover')!;
    await expect.poll(() => popover.getByTestId('state').textContent()).toContain('Не на роботі');
    // The tray popover is the popover alone: no navigation of the main window.
    expect(await popover.getByRole('navigation').count()).toBe(0);
    await popover.screenshot({ path: path.join(shots, 'popover-clocked-out-uk.png') });
  });

  it('clocks in from the tray menu, is asked for the plan by a notification, answers it, and the tray shows the state', async () => {
    tray().clickItem('clockIn');
    await expect.poll(() => tray().tooltip).toContain(`Zvit — ${uk('state.working')}`);
    expect((tray().image as unknown as NativeImage).buffer.equals(trayIcon('working'))).toBe(true);
    expect(tray().menu!.items.map((i) => i.id)).toEqual(expect.arrayContaining(['startBreak', 'clockOut', 'workingOn', 'prompt-plan']));
    // The popover follows without a reload (the main process's change signal through the preload).
    await expect.poll(() => pageOf('#popover')!.getByTestId('state').textContent()).toContain('Працюю');

    await expect.poll(() => standIn.notifications.map((n) => n.options.title)).toContain(uk('notify.plan.title'));
    const notice = standIn.notifications.find((n) => n.options.title === uk('notify.plan.title'))!;
    expect(notice.options).toMatchObject({ body: uk('notify.plan.body'), urgency: 'normal' });
    notice.emit('click');

    // The main window opens at the plan, in the renderer, through the real preload and IPC.
    await expect.poll(() => pageOf('index.html')).not.toBeNull();
    const main = pageOf('index.html')!;
    await expect.poll(() => main.getByLabel('Завдання 1', { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    await main.getByLabel('Завдання 1', { exact: true }).fill('Передзвонити ТОВ «Ромашка»');
    await main.screenshot({ path: path.join(shots, 'main-plan-uk.png') });
    await main.getByRole('button', { name: 'Зберегти план' }).click();

    await expect.poll(async () => (await shell.agent.handlers.getPlan({})).plan?.items.map((i) => i.title)).toEqual(['Передзвонити ТОВ «Ромашка»']);
    // Answered: the tray no longer asks, and offers the task under "Working on…".
    await expect.poll(() => tray().menu!.items.map((i) => i.id)).not.toContain('prompt-plan');
    const workingOn = tray().menu!.items.find((i) => i.id === 'workingOn')!;
    expect(workingOn.submenu!.map((i) => i.label)).toContain(uk('tray.task', { title: 'Передзвонити ТОВ «Ромашка»' }));
    tray().clickItem(workingOn.submenu!.find((i) => i.label?.startsWith('Завдання'))!.id!);
    await expect.poll(async () => (await shell.agent.handlers.status({})).label).toMatch(/^task:/);
  });

  it('refuses IPC from a frame that is not ours, and a payload that does not fit the contract', async () => {
    const main = pageOf('index.html')!;
    // Our own page, wrong input: refused by the shared schema before the agent sees it.
    const bad = await main.evaluate(() => (window as unknown as { zvit: ZvitBridge }).zvit.setLabel({ label: 42 as unknown as string }).then(() => 'accepted', (e: { body: { code: string } }) => e.body.code));
    expect(bad).toBe('invalid_input');
    const unknown = await main.evaluate(() => (window as unknown as { __electronInvoke: (c: string, i: unknown) => Promise<{ ok: boolean; error?: { code: string } }> }).__electronInvoke('zvit:clockOut', { extra: 1 }));
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    // A page of another origin in the same browser reaches the bridge's binding: refused.
    await context.route('http://evil.test/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>evil</title>' }));
    const evil: Page = await context.newPage();
    await evil.goto('http://evil.test/');
    expect(await evil.evaluate(() => typeof (window as unknown as { zvit?: unknown }).zvit)).toBe('undefined');
    const fromEvil = await evil.evaluate(() => (window as unknown as { __electronInvoke: (c: string, i: unknown) => Promise<unknown> }).__electronInvoke('zvit:clockOut', {}));
    expect(fromEvil).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A frame inside our own page, from elsewhere: refused too (only top-level app:// frames).
    const framed = await main.evaluate(async () => {
      const iframe = document.createElement('iframe');
      iframe.src = 'about:blank';
      document.body.append(iframe);
      await new Promise((r) => setTimeout(r, 50));
      return (iframe.contentWindow as unknown as { __electronInvoke: (c: string, i: unknown) => Promise<unknown> }).__electronInvoke('zvit:clockOut', {});
    });
    expect(framed).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await evil.close();
    expect((await shell.agent.handlers.status({})).state).toBe('working');
    expect(logs.some((l) => l.includes('ipc: clockOut refused from http://evil.test/'))).toBe(true);
  });

  it('serves the UI with the strict Content-Security-Policy, and only its own files', async () => {
    const main = pageOf('index.html')!;
    const serve = standIn.protocols.get('app')!;
    const response = await serve(new Request('app://zvit/index.html'));
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await serve(new Request('app://zvit/..%2F..%2Fpackage.json'))).status).toBe(404);
    expect((await serve(new Request('app://elsewhere/index.html'))).status).toBe(404);
    // The page itself cannot fetch anything, not even its own origin: the agent is over IPC.
    expect(await main.evaluate(() => fetch('/index.html').then(() => 'fetched', () => 'blocked'))).toBe('blocked');
    // An inline script injected into the page does not run.
    const ran = await main.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.append(s);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
  });

  it('breaks and resumes with the global shortcut, and clocks out from the tray', async () => {
    standIn.shortcuts.get('CommandOrControl+Alt+Z')!();
    await expect.poll(() => tray().tooltip).toContain(uk('state.break'));
    standIn.shortcuts.get('CommandOrControl+Alt+Z')!();
    await expect.poll(() => tray().tooltip).toContain(uk('state.working'));
    tray().clickItem('clockOut');
    await expect.poll(() => tray().tooltip).toContain(uk('state.clocked_out'));
    // Clock-out asks for the day's report, by notification too.
    await expect.poll(() => standIn.notifications.map((n) => n.options.title)).toContain(uk('notify.report.title'));
    await pageOf('#popover')!.screenshot({ path: path.join(shots, 'popover-report-prompt-uk.png') });
  });
});
