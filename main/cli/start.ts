// `npm start`: the desktop app where Electron can run; otherwise the same agent in browser mode
// (the headless agent serving the UI on 127.0.0.1), so the app is usable on any machine.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const UI_DIR = path.join(ROOT, 'dist', 'renderer');
const SHELL_ENTRY = path.join(ROOT, 'main', 'shell', 'index.ts');

/** The Electron binary, when it was downloaded (`npx install-electron`, or npm ci with network). */
export function electronBinary(): string | null {
  try {
    const packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const binary = path.join(packageDir, 'dist', fs.readFileSync(path.join(packageDir, 'path.txt'), 'utf8').trim());
    return fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Why Electron cannot be used here, or null when it can. */
export function electronUnavailable(): string | null {
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return 'the electron package is not installed';
  }
  // The package downloads its binary in an install script; where that could not run or reach
  // the network, path.txt is missing.
  const pathFile = path.join(packageDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return 'the Electron binary was never downloaded (no network for it on this machine)';
  const binary = path.join(packageDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  if (!fs.existsSync(binary)) return `the Electron binary is missing (${binary})`;
  if (!fs.existsSync(SHELL_ENTRY)) return 'the desktop shell (main/shell) is not part of this build';
  if (process.env.ZVIT_BROWSER_MODE === '1') return 'ZVIT_BROWSER_MODE=1 asks for the browser';
  return null;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the UI with Vite when the built copy is missing or older than its sources. */
export function ensureUiBuilt(log: (message: string) => void = console.log): void {
  const index = path.join(UI_DIR, 'index.html');
  const sources = [path.join(ROOT, 'renderer'), path.join(ROOT, 'ui'), path.join(ROOT, 'shared')].filter((d) => fs.existsSync(d));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  log('Building the UI…');
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('The UI build failed (see the output above).');
}

/** Builds the desktop bundles (and the UI) when missing or older than their sources. */
export function ensureDesktopBuilt(log: (message: string) => void = console.log): void {
  const main = path.join(ROOT, 'dist', 'desktop', 'main.js');
  const sources = ['main', 'shared', 'renderer'].map((d) => path.join(ROOT, d)).filter((d) => fs.existsSync(d));
  const index = path.join(UI_DIR, 'index.html');
  const newest = Math.max(...sources.map(newestMtime));
  if (fs.existsSync(main) && fs.existsSync(index) && Math.min(fs.statSync(main).mtimeMs, fs.statSync(index).mtimeMs) >= newest) return;
  log('Building the desktop app…');
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-desktop.ts')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('The desktop build failed (see the output above).');
}

/** Runs the desktop app in Electron until it quits; resolves with its exit code. */
export function runElectron(binary: string, dataDir: string | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [ROOT], { stdio: 'inherit', env: { ...process.env, ...(dataDir ? { ZVIT_DATA_DIR: dataDir } : {}) } });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
