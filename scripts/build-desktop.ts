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

/**
 * Builds into `outDir` (default dist/desktop; tests pass their own folder under dist/, so two
 * of them never rebuild under each other's feet). Returns the paths of what it built.
 */
export async function buildDesktop(options: { renderer?: boolean; quiet?: boolean; outDir?: string } = {}): Promise<{ main: string; preload: string }> {
  const logLevel = options.quiet ? 'warn' : 'info';
  const outDir = options.outDir ?? DESKTOP_DIR;
  fs.rmSync(outDir, { recursive: true, force: true });
  await build({
    configFile: false,
    root: ROOT,
    logLevel,
    build: {
      ssr: path.join(ROOT, 'main', 'shell', 'index.ts'),
      outDir,
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
      outDir,
      emptyOutDir: false,
      target: 'chrome130',
      minify: false,
      lib: { entry: path.join(ROOT, 'main', 'preload', 'index.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
      rollupOptions: { external: ['electron'] },
    },
  });
  fs.writeFileSync(path.join(outDir, 'icon.png'), renderAppIcon(1024));
  if (options.renderer !== false) await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel });
  return { main: path.join(outDir, 'main.js'), preload: path.join(outDir, 'preload.cjs') };
}

/** A build folder of its own for a test, under dist/ (so the bundle finds node_modules), removed after. */
export function testBuildDir(name: string): string {
  return path.join(ROOT, 'dist', `test-${name}-${process.pid}`);
}

if (import.meta.main) {
  await buildDesktop({ renderer: !process.argv.includes('--no-renderer') });
}
