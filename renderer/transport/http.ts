// Browser mode: the contract over the headless agent's local HTTP API, and its live-state stream.
import type { AgentClient, AgentMethod, ApiInput, ApiOutput } from '../../shared/api.ts';
import { networkError, toAgentError } from './errors.ts';
import { listenForChanges } from './sse.ts';
import type { Transport } from './types.ts';

export function httpTransport(token: string, base = ''): Transport {
  const authorization = `Bearer ${token}`;
  const call: AgentClient = async <M extends AgentMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> => {
    let response: Response;
    try {
      response = await fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(input),
        cache: 'no-store',
      });
    } catch (error) {
      throw networkError(error);
    }
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // A non-JSON answer (a proxy's error page) is reported below by status.
    }
    if (response.ok && body !== null && typeof body === 'object' && 'result' in body) return (body as { result: ApiOutput<M> }).result;
    throw toAgentError((body as { error?: unknown } | null)?.error, response.status);
  };
  return {
    call,
    subscribe: (onChange) => listenForChanges(`${base}/api/events`, authorization, onChange),
  };
}
