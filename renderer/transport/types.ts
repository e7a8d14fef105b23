// What the UI needs from a transport: the typed contract, plus a signal that live state changed.
import type { AgentClient } from '../../shared/api.ts';

export interface Transport {
  call: AgentClient;
  /** Calls `onChange` whenever status or prompts may have changed; returns an unsubscribe. */
  subscribe(onChange: () => void): () => void;
}
