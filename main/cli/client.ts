// The CLI's side of the local API: finds the running agent through its info file.
import fs from 'node:fs';
import { ApiError, type AgentClient, type ApiErrorBody } from '../../shared/api.ts';
import { agentInfoFile } from '../data-dir.ts';
import type { AgentInfo } from '../agent/running.ts';

export class NoAgentError extends Error {
  readonly dataDir: string;
  constructor(dataDir: string) {
    super(`No Zvit agent is running for ${dataDir}. Start one with: npm start (or npx zvit agent --data-dir ${JSON.stringify(dataDir)})`);
    this.name = 'NoAgentError';
    this.dataDir = dataDir;
  }
}

export function agentClient(dataDir: string): AgentClient {
  let info: AgentInfo;
  try {
    info = JSON.parse(fs.readFileSync(agentInfoFile(dataDir), 'utf8')) as AgentInfo;
  } catch {
    return () => Promise.reject(new NoAgentError(dataDir));
  }
  return async (method, input) => {
    let res: Response;
    try {
      res = await fetch(`http://127.0.0.1:${info.port}/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      // Refused or silent: the info file is left over from an agent that is gone.
      throw new NoAgentError(dataDir);
    }
    const body = (await res.json().catch(() => null)) as { result?: unknown; error?: ApiErrorBody } | null;
    if (!res.ok || !body || !('result' in body)) {
      throw new ApiError(body?.error?.code ?? 'http_error', body?.error?.message ?? `The agent answered HTTP ${res.status}.`, res.status);
    }
    return body.result as never;
  };
}
