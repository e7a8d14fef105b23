// Browser mode: the contract over the headless agent's local HTTP API, and its live-state stream.
import type { AgentClient, AgentMethod, ApiInput, ApiOutput } from '../../shared/api.ts';
import { networkError, toAgentError } from './errors.ts';
import { listenForChanges } from './sse.ts';
import type { Transport } from './types.ts';

export function httpTransport(token: string, base = ''): Transport {
  const authorization = `Bearer ${token}`;
  const call: AgentClient = async <M extends AgentMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> => {
    let response: Response;
    const body = JSON.stringify(input);
    try {
      response = await fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body,
        cache: 'no-store',
        // A draft saved as the tab closes must still arrive; browsers allow keepalive up to 64 KB.
        keepalive: method === 'saveDraft' && new TextEncoder().encode(body).length < 60_000,
      });
    } catch (error) {
      throw networkError(error);
    }
    let answer: unknown = null;
    try {
      answer = await response.json();
    } catch {
      // A non-JSON answer (a proxy's error page) is reported below by status.
    }
    if (response.ok && answer !== null && typeof answer === 'object' && 'result' in answer) return (answer as { result: ApiOutput<M> }).result;
    throw toAgentError((answer as { error?: unknown } | null)?.error, response.status);
  };
  return {
    call,
    subscribe: (onChange) => listenForChanges(`${base}/api/events`, authorization, onChange),
  };
}
