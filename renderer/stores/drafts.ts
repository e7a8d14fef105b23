// What the forms hold as typed, kept twice: here at once (so going to another screen and back
// shows it without a wait) and in the agent's store a moment later (so a closed tab or a restart
// loses nothing). The agent deletes a form's draft when the form is filed.
import type { DraftInput, DraftKey, DraftKind, DraftOf } from '../../shared/drafts.ts';
import { call } from '../transport/current.ts';

/** Typing bursts are saved once they pause this long (and at once when the page goes away). */
export const SAVE_DELAY_MS = 400;

const id = ({ kind, key }: DraftKey) => `${kind}:${key}`;
const memory = new Map<string, DraftInput>();
const pending = new Map<string, ReturnType<typeof setTimeout>>();

function send(input: DraftInput): void {
  pending.delete(id(input));
  // A failed save is retried with the next keystroke; the copy in memory stays meanwhile.
  void call('saveDraft', input).catch(() => undefined);
}

/** The draft of a form: the one in memory, else the agent's. */
export async function loadDraft<K extends DraftKind>(kind: K, key: string): Promise<DraftOf<K> | null> {
  const known = memory.get(id({ kind, key } as DraftKey));
  if (known) return { ...known, savedAt: 0 } as DraftOf<K>;
  const stored = await call('getDraft', { kind, key } as DraftKey);
  if (stored) memory.set(id(stored), stored);
  return stored as DraftOf<K> | null;
}

/** Keeps what a form holds now; the agent gets it once typing pauses. */
export function keepDraft(input: DraftInput): void {
  const key = id(input);
  memory.set(key, input);
  clearTimeout(pending.get(key));
  pending.set(
    key,
    setTimeout(() => send(input), SAVE_DELAY_MS),
  );
}

/** The form was filed (the agent cleared its draft) or its draft was found stale. */
export function forgetDraft(kind: DraftKind, key: string, alsoInAgent = false): void {
  const k = id({ kind, key } as DraftKey);
  memory.delete(k);
  clearTimeout(pending.get(k));
  pending.delete(k);
  if (alsoInAgent) void call('discardDraft', { kind, key } as DraftKey).catch(() => undefined);
}

/** Sends every save still waiting (the page is going away, or a command needs them stored). */
export function flushDrafts(): void {
  for (const key of [...pending.keys()]) {
    clearTimeout(pending.get(key));
    const input = memory.get(key);
    if (input) send(input);
  }
}

// The tab is closing or going to the background: send what is typed now. The HTTP transport
// sends saveDraft with keepalive, so the request outlives the page.
if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', flushDrafts);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushDrafts();
  });
}
