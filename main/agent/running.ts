// Finding the agent that runs for a data dir, without loading the agent: what the `zvit`
// commands that only talk to a running agent need, so they start quickly.
import fs from 'node:fs';
import { agentInfoFile } from '../data-dir.ts';

export interface AgentInfo {
  pid: number;
  port: number;
  token: string;
  startedAt: string;
  /** Whether it serves the UI to a browser (browser mode): then `uiUrl` opens it. */
  ui?: boolean;
}

/** The address that opens the UI of a running agent, with its key. */
export function uiUrl(info: AgentInfo): string {
  return `http://127.0.0.1:${info.port}/#token=${info.token}`;
}

export class AgentAlreadyRunningError extends Error {
  readonly info: AgentInfo;
  readonly dataDir: string;
  constructor(message: string, info: AgentInfo, dataDir: string) {
    super(message);
    this.info = info;
    this.dataDir = dataDir;
  }
}

/** The agent running for this data dir, if one answers; a file left by a dead agent is not one. */
export async function runningAgent(dataDir: string): Promise<AgentInfo | null> {
  let info: AgentInfo;
  try {
    info = JSON.parse(fs.readFileSync(agentInfoFile(dataDir), 'utf8')) as AgentInfo;
  } catch {
    return null;
  }
  if (info.pid !== process.pid && !isAlive(info.pid)) return null;
  try {
    const res = await fetch(`http://127.0.0.1:${info.port}/api/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(2000),
    });
    return res.ok ? info : null;
  } catch {
    // Not answering: a stale file from an agent that died.
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
