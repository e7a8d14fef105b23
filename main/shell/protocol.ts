// The UI is served from app://zvit/ (never file://): a privileged custom scheme with a strict
// Content-Security-Policy, answering only files inside the built renderer folder.
import fs from 'node:fs';
import path from 'node:path';
import { protocol } from 'electron';
import { uiContentType } from '../ui-files.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'zvit';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Only our own files, our own scripts; nothing fetched from anywhere (the agent is reached over IPC). */
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'none'; object-src 'none'; frame-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Must run before the app is ready (Electron's rule for privileged schemes). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** The file an app:// URL names inside `root`, or null for anything else (other hosts, `..`). */
export function resolveAppFile(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  const base = path.resolve(root);
  const file = path.resolve(base, '.' + (pathname.endsWith('/') ? `${pathname}index.html` : pathname));
  return file === base || file.startsWith(base + path.sep) ? file : null;
}

/** Answers one app:// request from `root` (the handler protocol.handle calls). */
export async function serveAppRequest(root: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
  const file = resolveAppFile(root, request.url);
  if (!file) return new Response('Not found', { status: 404 });
  let body: Buffer;
  try {
    body = await fs.promises.readFile(file);
  } catch {
    return new Response('Not found', { status: 404 });
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: {
      'content-type': uiContentType(file),
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    },
  });
}

export function serveApp(root: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(root, request));
}
