// The agent's local HTTP API on 127.0.0.1, for the browser UI and the CLI. Another local
// program or a web page must not drive it: every request needs the random token, and a
// request from a page of another origin (or a rebound DNS name) is refused.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { agentApi, ApiError, isAgentMethod, type AgentHandlers, type ApiErrorBody } from '../../shared/api.ts';

const MAX_BODY = 64 * 1024;

export interface ApiServerOptions {
  handlers: AgentHandlers;
  token: string;
  port?: number;
  log?: (message: string) => void;
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
    const fail = (status: number, code: string, message: string) => send(status, { error: { code, message } satisfies ApiErrorBody });

    if (!allowedHosts.has(req.headers.host ?? '')) return fail(403, 'forbidden_host', 'This API answers only on 127.0.0.1.');
    if (req.headers.origin !== undefined && req.headers.origin !== origin) {
      return fail(403, 'forbidden_origin', `Requests from ${req.headers.origin} are not allowed.`);
    }
    const auth = Buffer.from(req.headers.authorization ?? '');
    if (auth.length !== expected.length || !crypto.timingSafeEqual(auth, expected)) {
      return fail(401, 'unauthorized', 'Missing or wrong token.');
    }
    const url = new URL(req.url ?? '/', origin);
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
        if (error instanceof ApiError) return fail(error.status, error.code, error.message);
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
        server.closeIdleConnections();
      }),
  };
}
