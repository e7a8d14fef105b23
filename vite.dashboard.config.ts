// Builds the lead's dashboard (dashboard/) into dist/dashboard, which the hub serves at `/` under
// a strict CSP: one module script and one stylesheet from the hub itself, nothing inline.
// `ZVIT_HUB=http://127.0.0.1:<port> npx vite -c vite.dashboard.config.ts` serves it in
// development against a running hub.
//
// The screens, and each language's messages, are chunks of their own (dashboard/screens/lazy.ts,
// dashboard/i18n/load.ts): the sign-in page loads only the frame. Every text file also gets a
// brotli (.br) and gzip (.gz) copy, made once here, which the hub sends to browsers that take them
// (@fastify/static's preCompressed), so no request compresses on the fly.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;

/** Writes file.br and file.gz beside each text file of the build (kept only when smaller). */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'zvit-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir).filter((f) => COMPRESSIBLE.test(f))) {
        const raw = fs.readFileSync(file);
        const br = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
        const gz = zlib.gzipSync(raw, { level: 9 });
        if (br.length < raw.length) fs.writeFileSync(`${file}.br`, br);
        if (gz.length < raw.length) fs.writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

const hub = process.env['ZVIT_HUB'];

export default defineConfig({
  root: 'dashboard',
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [precompress()],
  build: {
    outDir: '../dist/dashboard',
    emptyOutDir: true,
    target: 'es2024',
    // No data: URLs for assets (the CSP allows only the hub's own files) and no inline module preload.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // Which chunks the sign-in page loads is checked against this (dashboard/bundle.test.ts).
    manifest: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: hub ? { '/api': { target: hub, changeOrigin: true, configure: (proxy) => proxy.on('proxyReq', (req) => req.setHeader('origin', hub)) } } : undefined,
  },
});
