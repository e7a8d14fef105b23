// Builds the renderer (renderer/) into dist/renderer, which the headless agent serves.
// Vite 8 compiles TSX itself with oxc, so no React plugin is needed.
// `ZVIT_AGENT=http://127.0.0.1:<port> npx vite` serves it in development against a running agent.
import { defineConfig } from 'vite';

const agent = process.env['ZVIT_AGENT'];

export default defineConfig({
  root: 'renderer',
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2024',
    // One file of code the agent serves from disk: no lazy chunks to wait for on first paint.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      onwarn(warning, warn) {
        // lucide-react marks its modules "use client" for React Server Components; a browser
        // bundle has no server side, so the directive means nothing here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: agent
      ? {
          '/api': {
            target: agent,
            changeOrigin: true,
            // The agent refuses requests whose Origin is another site; in development the page's
            // origin is the dev server, so present the request as the agent's own.
            configure: (proxy) => proxy.on('proxyReq', (req) => req.setHeader('origin', agent)),
          },
        }
      : undefined,
  },
});
