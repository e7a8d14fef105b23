// The tests drive the UI the agent serves and the dashboard the hub serves, so build both first,
// exactly as `npm start` and the release would.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../test/cli.ts';

export default function globalSetup(): void {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  for (const config of ['vite.config.ts', 'vite.dashboard.config.ts']) {
    const result = spawnSync(process.execPath, [vite, 'build', '-c', config, '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`vite build (${config}) failed`);
  }
}
