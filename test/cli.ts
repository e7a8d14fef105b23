// Runs the real `zvit` command (bin/zvit.js) as a child process, as a user would.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const BIN = path.join(ROOT, 'bin', 'zvit.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI speaks the system's language; tests pin it (C: English) unless they pass another, so
 * the machine's own locale never changes what a test reads.
 */
export function zvit(args: string[], env: NodeJS.ProcessEnv = process.env, locale = 'C.UTF-8'): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...env, LC_ALL: locale }, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export async function zvitJson<T>(args: string[], env?: NodeJS.ProcessEnv): Promise<T> {
  const result = await zvit([...args, '--json'], env);
  if (result.code !== 0) throw new Error(`zvit ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** Starts `zvit agent` and resolves once its local API is up (agent.json written). */
export async function startAgentProcess(dataDir: string, extraArgs: string[], env: NodeJS.ProcessEnv): Promise<ChildProcess & { output: () => string }> {
  const info = path.join(dataDir, 'agent.json');
  fs.rmSync(info, { force: true });
  const child = spawn(process.execPath, [BIN, 'agent', '--data-dir', dataDir, ...extraArgs], { env: { ...env, LC_ALL: 'C.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 20_000;
  while (!fs.existsSync(info) || !output.includes('Zvit agent running')) {
    if (child.exitCode !== null) throw new Error(`zvit agent exited with ${child.exitCode}: ${output}`);
    if (Date.now() > deadline) throw new Error(`zvit agent did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Object.assign(child, { output: () => output });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
