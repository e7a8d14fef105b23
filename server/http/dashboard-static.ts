// The lead's dashboard, built into dist/dashboard (npm run build:dashboard), served at `/`: its
// files as they are, and index.html for every other page address (the app routes itself), under
// the hub's strict Content-Security-Policy (http/security-headers.ts): scripts only from the hub's
// own files, nothing inline, no framing. The build leaves a brotli and a gzip copy of each text
// file beside it (vite.dashboard.config.ts); @fastify/static's preCompressed sends the one the
// browser accepts, so nothing is compressed per request.
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HubApp } from '../context.ts';
import { errorBody } from '../errors.ts';

export const DEFAULT_DASHBOARD_DIR = path.join(import.meta.dirname, '..', '..', 'dist', 'dashboard');

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Zvit hub</title>
<p>The dashboard is not built. Run <code>npm run build:dashboard</code> and restart the hub.</p>
<p>The API is at <a href="/docs">/docs</a>.</p></html>`;

const isApi = (url: string) => url === '/api' || url.startsWith('/api/') || url === '/docs' || url.startsWith('/docs/');

export async function registerDashboardStatic(app: HubApp, dir = DEFAULT_DASHBOARD_DIR): Promise<void> {
  const built = fs.existsSync(path.join(dir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: dir,
      prefix: '/',
      index: false,
      wildcard: false,
      preCompressed: true,
      // Vite names its assets by content hash: they never change under the same name.
      setHeaders: (res, file) => {
        void res.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  // Any other page address is the app's own route: index.html, which routes itself.
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const url = request.url.split('?')[0]!;
    if ((request.method === 'GET' || request.method === 'HEAD') && !isApi(url) && !/\.[a-z0-9]{1,8}$/i.test(url)) {
      void reply.header('cache-control', 'no-cache');
      if (built) return reply.type('text/html; charset=utf-8').sendFile('index.html');
      return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    }
    return reply.code(404).send(errorBody('not_found', `No such endpoint: ${request.method} ${url}.`));
  });
}
