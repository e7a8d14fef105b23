// Electron mode: the contract over the preload's bridge. The preload (a later issue) exposes
// exactly this object as `window.zvit`; typing it from shared/api.ts keeps the two in step.
import type { AgentClient, AgentMethod, ApiInput, ApiOutput } from '../../shared/api.ts';
import { toAgentError } from './errors.ts';
import type { Transport } from './types.ts';

export interface ZvitBridge {
  call: <M extends AgentMethod>(method: M, input: ApiInput<M>) => Promise<ApiOutput<M>>;
  /** The main process's "status or prompts changed" signal. */
  onChange(listener: () => void): () => void;
}

declare global {
  interface Window {
    zvit?: ZvitBridge;
  }
}

export function ipcTransport(bridge: ZvitBridge): Transport {
  const call: AgentClient = async (method, input) => {
    try {
      return await bridge.call(method, input);
    } catch (error) {
      // Errors crossing contextBridge lose their class; the preload passes the ApiErrorBody on.
      const body = (error as { body?: unknown } | null)?.body ?? error;
      throw toAgentError(body, (error as { status?: number } | null)?.status ?? 500);
    }
  };
  return { call, subscribe: (onChange) => bridge.onChange(onChange) };
}
