// The tests drive the UI the agent serves, so build it first, exactly as `npm start` would.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../test/cli.ts';

export default function globalSetup(): void {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vite build failed');
}
