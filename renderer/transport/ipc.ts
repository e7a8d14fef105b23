// Electron mode: the contract over the preload's bridge, `window.zvit`, which has one named
// function per method (shared/desktop.ts derives its type from shared/api.ts, so the two cannot
// drift), plus the desktop window's own calls.
import type { AgentClient } from '../../shared/api.ts';
import type { ZvitBridge } from '../../shared/desktop.ts';
import { toAgentError } from './errors.ts';
import type { Transport } from './types.ts';

declare global {
  interface Window {
    zvit?: ZvitBridge;
  }
}

export function ipcTransport(bridge: ZvitBridge): Transport {
  const call: AgentClient = async (method, input) => {
    try {
      return await (bridge[method] as (input: unknown) => Promise<never>)(input);
    } catch (error) {
      // The preload rejects with { body: ApiErrorBody, status } (class instances do not cross the bridge).
      const body = (error as { body?: unknown } | null)?.body ?? error;
      throw toAgentError(body, (error as { status?: number } | null)?.status ?? 500);
    }
  };
  return {
    call,
    subscribe: (onChange) => bridge.onChange(onChange),
    onOpen: (listener) => bridge.onOpen(listener),
    openMain: (request) => bridge.desktop.openMain(request),
  };
}
