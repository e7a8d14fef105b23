// Content types of the built UI's files, for whichever serves them: the local API in browser
// mode (api/server.ts) and the desktop app's app:// protocol (shell/protocol.ts).
import path from 'node:path';

const UI_MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function uiContentType(file: string): string {
  return UI_MIME[path.extname(file)] ?? 'application/octet-stream';
}
