// The agent's local HTTP API on 127.0.0.1, for the browser UI and the CLI. Another local
// program or a web page must not drive it: every request needs the random token, and a
// request from a page of another origin (or a rebound DNS name) is refused.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { agentApi, ApiError, isAgentMethod, type AgentHandlers, type ApiErrorBody } from '../../shared/api.ts';
import { uiContentType } from '../ui-files.ts';

const MAX_BODY = 64 * 1024;

export interface ApiServerOptions {
  handlers: AgentHandlers;
  token: string;
  port?: number;
  log?: (message: string) => void;
  /** The built UI to serve at / (browser mode); none when the UI runs in Electron. */
  staticDir?: string;
  /** Lets /api/events tell the UI when the state may have changed. */
  subscribe?: (listener: () => void) => () => void;
}

export interface ApiServer {
  port: number;
  origin: string;
  close(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { handlers, token } = options;
  const log = options.log ?? (() => {});
  const expected = Buffer.from(`Bearer ${token}`);
  let origin = '';
  let allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(text);
    };
    const fail = (status: number, code: string, message: string, details?: unknown) =>
      send(status, { error: { code, message, ...(details === undefined ? {} : { details }) } satisfies ApiErrorBody });

    if (!allowedHosts.has(req.headers.host ?? '')) return fail(403, 'forbidden_host', 'This API answers only on 127.0.0.1.');
    if (req.headers.origin !== undefined && req.headers.origin !== origin) {
      return fail(403, 'forbidden_origin', `Requests from ${req.headers.origin} are not allowed.`);
    }
    const url = new URL(req.url ?? '/', origin);
    // The UI's files are public (they hold no data); the page gets the token from the address
    // the agent printed, in the #fragment, which browsers never send to a server.
    if (!url.pathname.startsWith('/api/') && options.staticDir && (req.method === 'GET' || req.method === 'HEAD')) {
      return serveStatic(options.staticDir, url.pathname, res);
    }
    const auth = Buffer.from(req.headers.authorization ?? '');
    if (auth.length !== expected.length || !crypto.timingSafeEqual(auth, expected)) {
      return fail(401, 'unauthorized', 'Missing or wrong token.');
    }
    if (url.pathname === '/api/events' && req.method === 'GET') return streamEvents(req, res, options.subscribe);
    const match = /^\/api\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match) return fail(404, 'not_found', `No such endpoint: ${url.pathname}`);
    const name = match[1]!;
    if (!isAgentMethod(name)) return fail(404, 'unknown_method', `No such method: ${name}`);
    if (req.method !== 'POST') return fail(405, 'method_not_allowed', 'Use POST.');

    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        fail(413, 'too_large', `The request body is over ${MAX_BODY} bytes.`);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', async () => {
      if (res.headersSent) return;
      let body: unknown = {};
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          return fail(400, 'invalid_json', 'The request body is not valid JSON.');
        }
      }
      const parsed = agentApi[name].input.safeParse(body);
      if (!parsed.success) return fail(400, 'invalid_input', z.prettifyError(parsed.error));
      try {
        const handler = handlers[name] as (input: unknown) => Promise<unknown>;
        send(200, { result: await handler(parsed.data) });
      } catch (error) {
        if (error instanceof ApiError) return fail(error.status, error.code, error.message, error.details);
        log(`${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
        fail(500, 'internal', error instanceof Error ? error.message : String(error));
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    port,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Event streams never finish by themselves; end them so shutdown does not wait forever.
        server.closeAllConnections();
      }),
  };
}

/** The UI may talk only to this agent and load only its own files. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  const rootDir = path.resolve(root);
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  let file = path.resolve(rootDir, '.' + (relative.endsWith('/') ? relative + 'index.html' : relative));
  // Never outside the UI's folder, whatever the path says.
  if (file !== rootDir && !file.startsWith(rootDir + path.sep)) {
    res.writeHead(404).end();
    return;
  }
  // A client-side route (no file extension) gets the app itself.
  if (!fs.existsSync(file) && !path.extname(file)) file = path.join(rootDir, 'index.html');
  fs.readFile(file, (error, data) => {
    if (error) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const hashed = /[.-][A-Za-z0-9_-]{8,}\.(js|css)$/.test(file);
    res.writeHead(200, {
      'content-type': uiContentType(file),
      'content-length': data.length,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(data);
  });
}

/** Server-sent events: one `change` whenever the agent's state may have changed. */
function streamEvents(req: http.IncomingMessage, res: http.ServerResponse, subscribe?: (listener: () => void) => () => void): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write('retry: 2000\n\nevent: change\ndata: {}\n\n');
  let pending: NodeJS.Timeout | null = null;
  // Coalesce bursts (a tick can append several events) into one message.
  const unsubscribe = subscribe?.(() => {
    pending ??= setTimeout(() => {
      pending = null;
      res.write('event: change\ndata: {}\n\n');
    }, 50);
  });
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
  req.on('close', () => {
    unsubscribe?.();
    clearInterval(keepAlive);
    if (pending) clearTimeout(pending);
  });
}
