// What the UI needs from a transport: the typed contract, plus a signal that live state changed.
import type { AgentClient } from '../../shared/api.ts';
import type { OpenRequest } from '../../shared/desktop.ts';

export interface Transport {
  call: AgentClient;
  /** Calls `onChange` whenever status or prompts may have changed; returns an unsubscribe. */
  subscribe(onChange: () => void): () => void;
  /** Desktop only: the app asks this window to show a screen (a notification was clicked). */
  onOpen?(listener: (request: OpenRequest) => void): () => void;
  /** Desktop only: show the main window at a screen (from the tray popover). */
  openMain?(request: OpenRequest): Promise<void>;
}
