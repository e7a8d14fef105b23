// Keeping screens live: the hub's event stream (Server-Sent Events at /api/v1/events) says when
// something shown changed, and every screen's data refetches (use-call.ts). When the stream is
// down the screens refetch every 60 s instead. Events arriving together make one refetch. A chunk
// of its own with the contract (main.tsx loads it once signed in).
import { dashboardApi, DashboardEventSchema } from '../../shared/dashboard-api.ts';
import { useLive } from './live.ts';

export const POLL_MS = 60_000;
const SETTLE_MS = 250;

let source: EventSource | null = null;
let poll: ReturnType<typeof setInterval> | null = null;
let settle: ReturnType<typeof setTimeout> | null = null;

function bump(): void {
  if (settle) return;
  settle = setTimeout(() => {
    settle = null;
    useLive.setState((s) => ({ version: s.version + 1 }));
  }, SETTLE_MS);
}

function startPoll(): void {
  if (!poll) poll = setInterval(() => useLive.setState((s) => ({ version: s.version + 1 })), POLL_MS);
}

function stopPoll(): void {
  if (poll) clearInterval(poll);
  poll = null;
}

/** Opens the stream (once signed in); the poll covers any time it is not open. */
export function startLive(): void {
  if (source) return;
  startPoll();
  if (typeof EventSource === 'undefined') return;
  source = new EventSource(dashboardApi.events.path, { withCredentials: true });
  source.onopen = () => {
    stopPoll();
    useLive.setState({ streaming: true });
  };
  source.onerror = () => {
    useLive.setState({ streaming: false });
    startPoll();
  };
  const handle = (e: MessageEvent<string>) => {
    let parsed;
    try {
      parsed = DashboardEventSchema.safeParse(JSON.parse(e.data));
    } catch {
      return;
    }
    if (!parsed.success) return;
    // A hello opens every connection: what changed before it (the stream starts after the first
    // screen, and reconnects after a drop) is fetched again too.
    if (parsed.data.type === 'hello') useLive.setState({ clockSkewMs: parsed.data.serverTime - Date.now() });
    bump();
  };
  for (const type of ['hello', 'presence', 'day', 'report', 'settings', 'roster']) source.addEventListener(type, handle as EventListener);
  source.onmessage = handle;
}

export function stopLive(): void {
  source?.close();
  source = null;
  stopPoll();
  useLive.setState({ streaming: false });
}
