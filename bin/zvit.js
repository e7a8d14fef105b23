#!/usr/bin/env node
// Entry point of the `zvit` command. Plain JavaScript on purpose: it must start on whatever
// Node the user's shell finds (often an older system Node) and then hand over to Node >= 22.12,
// which runs the TypeScript sources directly (type stripping, no build step).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const [major, minor] = process.versions.node.split('.').map(Number);
const modern = major > 22 || (major === 22 && minor >= 12);

if (!modern) {
  // The project pins Node 24 as a devDependency (the Node that Electron 45 embeds).
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const pinned = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
  if (!existsSync(pinned)) {
    console.error(`zvit needs Node.js 22.12 or newer (this is ${process.version}). Run "npm ci" in ${root} first.`);
    process.exit(1);
  }
  const result = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.error) {
    console.error(`zvit could not start ${pinned}: ${result.error.message}`);
    process.exit(1);
  }
  process.exit(result.status ?? 1);
}

const argv = process.argv.slice(2);
if (argv[0] === 'hub') {
  // The hub is a separate program that shares the command name (and the shared/ code).
  const { hubMain } = await import('../server/cli.ts');
  process.exitCode = await hubMain(argv.slice(1));
} else {
  const { main } = await import('../main/cli/main.ts');
  process.exitCode = await main(argv);
}
