// A manager's desk for one test: a private X server with real windows, a fresh data dir with a
// policy file, and the agent in browser mode (`zvit start`) serving the built UI.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AgentMethod, ApiInput, ApiOutput } from '../shared/api.ts';
import type { PolicyInput } from '../shared/policy.ts';
import { ROOT, zvit } from '../test/cli.ts';
import { startX11Session, type X11Session } from '../test/x11-session.ts';

export interface Desk {
  x: X11Session;
  dataDir: string;
  /** The address the agent printed, token in the fragment. */
  url: string;
  /** Runs `zvit <args> --json` against this desk's agent and parses the output. */
  cliJson<T>(args: string[]): Promise<T>;
  /** Calls the agent's API directly, to set up a state the test is not about. */
  api<M extends AgentMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  /** Stops the agent and starts it again on the same data (a new port and key): `url` changes. */
  restartAgent(): Promise<void>;
  stop(): Promise<void>;
}

const BIN = path.join(ROOT, 'bin', 'zvit.js');

export async function openDesk(policy: PolicyInput, env: NodeJS.ProcessEnv = {}): Promise<Desk> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-e2e-'));
  const policyFile = path.join(dataDir, 'policy.json');
  fs.writeFileSync(policyFile, JSON.stringify(policy));
  const x = await startX11Session();
  let agent: ChildProcess | null = null;
  const startAgent = () =>
    spawn(process.execPath, [BIN, 'agent', '--ui', path.join(ROOT, 'dist', 'renderer'), '--data-dir', dataDir, '--policy', policyFile], { env: { ...x.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    agent = startAgent();
    const desk: Desk = {
      x,
      dataDir,
      url: await printedUrl(agent),
      async restartAgent() {
        await stopProcess(agent!);
        agent = startAgent();
        desk.url = await printedUrl(agent);
      },
      async cliJson<T>(args: string[]) {
        const result = await zvit([...args, '--data-dir', dataDir, '--json'], x.env);
        if (result.code !== 0) throw new Error(`zvit ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
        return JSON.parse(result.stdout) as T;
      },
      async api(method, input) {
        const { port, token } = JSON.parse(fs.readFileSync(path.join(dataDir, 'agent.json'), 'utf8')) as { port: number; token: string };
        const res = await fetch(`http://127.0.0.1:${port}/api/${method}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
        const body = (await res.json()) as { result?: never; error?: { message: string } };
        if (!res.ok) throw new Error(`${method} failed: ${body.error?.message}`);
        return body.result!;
      },
      async stop() {
        await stopProcess(agent!);
        await x.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
    return desk;
  } catch (error) {
    if (agent) await stopProcess(agent);
    await x.stop();
    throw error;
  }
}

function printedUrl(agent: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the agent printed no address: ${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      // The line is in the system's language; the address is the same in all of them.
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    agent.stdout!.on('data', read);
    agent.stderr!.on('data', read);
    agent.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the agent exited (${code}): ${output}`));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
