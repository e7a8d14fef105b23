// Builds what Electron runs: the main process (main/shell/index.ts and everything it imports
// from main/ and shared/, one ES module; npm packages stay in node_modules), the preload (one
// CommonJS file, nothing external but 'electron', as a sandboxed preload needs), the renderer
// (vite.config.ts) and the app icon electron-builder turns into .ico/.icns.
// `node scripts/build-desktop.ts [--no-renderer]`; npm run build:desktop.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { renderAppIcon } from '../main/shell/icons.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DESKTOP_DIR = path.join(ROOT, 'dist', 'desktop');
export const PRELOAD = path.join(DESKTOP_DIR, 'preload.cjs');
export const MAIN = path.join(DESKTOP_DIR, 'main.js');

export async function buildDesktop(options: { renderer?: boolean; quiet?: boolean } = {}): Promise<void> {
  const logLevel = options.quiet ? 'warn' : 'info';
  fs.rmSync(DESKTOP_DIR, { recursive: true, force: true });
  await build({
    configFile: false,
    root: ROOT,
    logLevel,
    build: {
      ssr: path.join(ROOT, 'main', 'shell', 'index.ts'),
      outDir: DESKTOP_DIR,
      emptyOutDir: false,
      target: 'node22',
      minify: false,
      sourcemap: true,
      rollupOptions: { output: { format: 'es', entryFileNames: 'main.js' } },
    },
  });
  await build({
    configFile: false,
    root: ROOT,
    logLevel,
    build: {
      outDir: DESKTOP_DIR,
      emptyOutDir: false,
      target: 'chrome130',
      minify: false,
      lib: { entry: path.join(ROOT, 'main', 'preload', 'index.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
      rollupOptions: { external: ['electron'] },
    },
  });
  fs.writeFileSync(path.join(DESKTOP_DIR, 'icon.png'), renderAppIcon(1024));
  if (options.renderer !== false) await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel });
}

if (import.meta.main) {
  await buildDesktop({ renderer: !process.argv.includes('--no-renderer') });
}
