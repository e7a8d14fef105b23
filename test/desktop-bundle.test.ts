// The bundle Electron runs (dist/desktop/main.js, made by npm run build:desktop) starts: its
// imports resolve, the entry registers the scheme, takes the single-instance lock and wires the
// agent, whose local API then answers `zvit status`. Run in plain Node with `electron` mapped to
// the stand-in; what only Electron can tell is in the README ("What is proven where").
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDesktop, testBuildDir } from '../scripts/build-desktop.ts';
import { exited, ROOT, zvitJson } from './cli.ts';
import { tempDir } from './tmp.ts';

const dataDir = tempDir('zvit-bundle-');
const outDir = testBuildDir('bundle');
let MAIN: string;
let PRELOAD: string;
let child: ReturnType<typeof spawn>;
let output = '';

beforeAll(async () => {
  ({ main: MAIN, preload: PRELOAD } = await buildDesktop({ quiet: true, renderer: false, outDir }));
  child = spawn(process.execPath, ['--import', path.join(ROOT, 'test', 'electron-loader.mjs'), MAIN], {
    cwd: ROOT,
    env: { ...process.env, ZVIT_DATA_DIR: dataDir, DISPLAY: '', WAYLAND_DISPLAY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
}, 120_000);
afterAll(async () => {
  child.kill('SIGTERM');
  await exited(child);
  fs.rmSync(outDir, { recursive: true, force: true });
});

describe('the desktop bundle', () => {
  it('is one ES module for main and one CommonJS file for the preload, without zod or Node in the preload', () => {
    expect(fs.readFileSync(MAIN, 'utf8')).toMatch(/^import .* from "electron";$/m);
    const preload = fs.readFileSync(PRELOAD, 'utf8');
    expect(preload.match(/require\("([^"]+)"\)/g)).toEqual(['require("electron")']);
    expect(preload).toContain('exposeInMainWorld("zvit"');
    expect(preload).not.toContain('ZodError');
  });

  it('starts the agent behind the shell: the CLI reaches it', async () => {
    await expect.poll(() => fs.existsSync(path.join(dataDir, 'agent.json')), { timeout: 20_000 }).toBe(true);
    const status = await zvitJson<{ state: string; sync: { tokenStore: { kind: string; location: string | null } } }>(['status', '--data-dir', dataDir]);
    expect(status.state).toBe('clocked_out');
    expect(status.sync.tokenStore.location).toContain('device-token.enc');
    expect(child.exitCode, output).toBeNull();
  });
});
