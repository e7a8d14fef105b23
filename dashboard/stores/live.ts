// Whether the screens are live: the state the event stream (live-stream.ts) keeps and every
// screen's data reads (use-call.ts refetches when version moves). No zod here: the sign-in page
// carries this, not the stream's schemas.
import { create } from 'zustand';

interface LiveState {
  /** Bumped whenever data may have changed. */
  version: number;
  /** The stream is open (else the poll runs). */
  streaming: boolean;
  /** The hub's clock minus this browser's, from the stream's hello (0 until known). */
  clockSkewMs: number;
}

export const useLive = create<LiveState>(() => ({ version: 0, streaming: false, clockSkewMs: 0 }));
