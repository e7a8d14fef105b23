// The one transport chosen at start-up, for the stores. Set once in main.tsx before rendering.
import type { AgentClient } from '../../shared/api.ts';
import type { Transport } from './types.ts';

let transport: Transport | null = null;

export function setTransport(t: Transport): void {
  transport = t;
}

export const call: AgentClient = (method, input) => {
  if (!transport) throw new Error('The transport is chosen in main.tsx before anything calls the agent.');
  return transport.call(method, input);
};
