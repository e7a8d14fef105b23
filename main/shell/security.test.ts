// Deny by default, with `electron` mocked: navigation, redirects, new windows, <webview>,
// permissions and downloads; and the app:// handler serves only the UI's own files.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/electron-stand-in.ts'));

import { app, BrowserWindow, standIn } from '../../test/electron-stand-in.ts';
import { tempDir } from '../../test/tmp.ts';
import { CSP, resolveAppFile, serveAppRequest } from './protocol.ts';
import { applySecurity } from './security.ts';

describe('security defaults', () => {
  it('refuses navigation, redirects, webviews and new windows; opens only https links outside', () => {
    standIn.reset();
    const log: string[] = [];
    applySecurity((m) => log.push(m));
    const win = new BrowserWindow({});
    const contents = win.webContents;
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      contents.emit(event, { preventDefault: () => (prevented = true) }, 'https://evil.example/');
      expect(prevented, event).toBe(true);
    }
    expect(contents.windowOpenHandler!({ url: 'https://bitrix24.example/deal/1' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(standIn.opened).toEqual(['https://bitrix24.example/deal/1']);
    expect(log.filter((l) => l.startsWith('security:'))).toHaveLength(5);
    expect(app.listenerCount('web-contents-created')).toBe(1);
  });

  it('denies every permission and every download', () => {
    standIn.reset();
    applySecurity(() => {});
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | null = null;
      standIn.permissionHandlers.at(-1)!({}, permission, (ok: boolean) => (granted = ok));
      expect(granted, permission).toBe(false);
    }
    let prevented = false;
    standIn.sessionEvents.get('will-download')!({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('serves app://zvit/ from the UI folder only, with the CSP', async () => {
    const root = tempDir('zvit-ui-');
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
    fs.writeFileSync(path.join(path.dirname(root), 'secret.txt'), 'no');
    expect(resolveAppFile(root, 'app://zvit/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://zvit/../secret.txt')).toBe(path.join(root, 'secret.txt'));
    expect(resolveAppFile(root, 'app://zvit/%2e%2e/secret.txt')).toBe(path.join(root, 'secret.txt'));
    expect(resolveAppFile(root, 'app://zvit/..%2fsecret.txt')).toBeNull();
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'https://zvit/index.html')).toBeNull();
    const ok = await serveAppRequest(root, new Request('app://zvit/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CSP);
    expect((await serveAppRequest(root, new Request('app://zvit/..%2fsecret.txt'))).status).toBe(404);
    expect((await serveAppRequest(root, new Request('app://zvit/index.html', { method: 'POST' }))).status).toBe(405);
  });
});
