// Builds the lead's dashboard (dashboard/) into dist/dashboard, which the hub serves at `/` under
// a strict CSP: one module script and one stylesheet from the hub itself, nothing inline.
// `ZVIT_HUB=http://127.0.0.1:<port> npx vite -c vite.dashboard.config.ts` serves it in
// development against a running hub.
import { defineConfig } from 'vite';

const hub = process.env['ZVIT_HUB'];

export default defineConfig({
  root: 'dashboard',
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../dist/dashboard',
    emptyOutDir: true,
    target: 'es2024',
    // No data: URLs for assets (the CSP allows only the hub's own files) and no inline module preload.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
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
