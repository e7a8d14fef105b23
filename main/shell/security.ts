// Deny by default (electronjs.org's security checklist): no navigation away from our pages, no
// new windows, no <webview>, no permissions, no downloads; IPC only from our own frames.
import { app, session, shell, type Session, type WebContents } from 'electron';
import { APP_HOST, APP_SCHEME } from './protocol.ts';

/** Links that may open in the person's browser (never inside Zvit): none but https. */
function isSafeExternal(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** True for a frame of our own UI: app://zvit/…, top-level. */
export function isOwnFrame(frame: { url: string; parent: unknown } | null | undefined): boolean {
  if (!frame || frame.parent) return false;
  try {
    const url = new URL(frame.url);
    // new URL() gives custom schemes an opaque origin ("null"), so compare scheme and host.
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

export function hardenSession(target: Session = session.defaultSession): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  target.on('will-download', (event) => event.preventDefault());
}

export function hardenContents(contents: WebContents, log: (message: string) => void = () => {}): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log(`security: navigation to ${url} refused`);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    log(`security: redirect to ${url} refused`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('security: <webview> refused');
  });
  contents.setWindowOpenHandler(({ url }) => {
    // A plain https link (in the lead's review comment, say) opens in the browser, never here.
    if (isSafeExternal(url)) void shell.openExternal(url);
    else log(`security: window for ${url} refused`);
    return { action: 'deny' };
  });
}

/** Applies all of it to every window the app will ever make. */
export function applySecurity(log: (message: string) => void): void {
  hardenSession();
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, log));
}
