// Live agent state: status and prompts, refetched on every change event and every 30 s.
import { create } from 'zustand';
import type { AgentStatus, Prompt } from '../../shared/api.ts';
import { AgentError } from '../transport/agent-error.ts';
import { call } from '../transport/current.ts';

export type Connection = 'connecting' | 'live' | 'lost' | 'unauthorized';

interface AgentState {
  status: AgentStatus | null;
  prompts: Prompt[];
  /** False until the first list of prompts arrived (an empty list before it means "not known yet"). */
  promptsKnown: boolean;
  /** performance.now() when `status` arrived, to tick the worked time without asking again. */
  receivedAt: number;
  connection: Connection;
  /** Bumped on each refresh, so screens showing derived data (My day) know to refetch. */
  version: number;
  refresh(): Promise<void>;
  /** Applies a status returned by a command (clock in, label, …) and refetches the prompts. */
  apply(status: AgentStatus): void;
}

let inFlight: Promise<void> | null = null;
let again = false;

export const useAgent = create<AgentState>((set, get) => ({
  status: null,
  prompts: [],
  promptsKnown: false,
  receivedAt: 0,
  connection: 'connecting',
  version: 0,
  refresh: () => {
    // Change events come in bursts: one refresh at a time, and one more after it if anything
    // changed meanwhile (the running one may have read the state from before the change).
    if (inFlight) {
      again = true;
      return inFlight;
    }
    return (inFlight = (async () => {
      try {
        // Both asked at once; status is shown as soon as it arrives (the popover waits for nothing else).
        const statusCall = call('status', {}); // sent first: the agent answers in order
        const prompts = call('prompts', {});
        prompts.catch(() => undefined); // if status fails first, this one's failure is the same news
        const status = await statusCall;
        set({ status, receivedAt: performance.now(), connection: 'live', version: get().version + 1 });
        set({ prompts: await prompts, promptsKnown: true });
      } catch (error) {
        const unauthorized = error instanceof AgentError && error.status === 401;
        set({ connection: unauthorized ? 'unauthorized' : 'lost' });
      } finally {
        inFlight = null;
      }
      if (again) {
        again = false;
        await get().refresh();
      }
    })());
  },
  apply: (status) => {
    set({ status, receivedAt: performance.now(), version: get().version + 1 });
    void get().refresh();
  },
}));
