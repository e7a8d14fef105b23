// Turns foreground-window samples into spans: equal consecutive samples extend one span, so the
// store grows per app switch, not per sample.
import type { ActivitySpan } from '../../shared/model.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import { MAX_SPAN_MS } from '../../shared/sync.ts';

/** What the policy makes of a window (null when it must not be recorded at all). */
export type RecordedWindow = Omit<ActivitySpan, 'id' | 'start' | 'end'>;

const sameWindow = (a: RecordedWindow, b: RecordedWindow) =>
  a.app === b.app && a.exe === b.exe && a.title === b.title && a.domain === b.domain && a.category === b.category && a.productivity === b.productivity;

export class ActivityTracker {
  private open: ActivitySpan | null = null;
  /** Spans closed or changed since the last flush, by id (an open span is written again as it grows). */
  private readonly dirty = new Map<string, ActivitySpan>();
  /** Ids already written to the store: closing one of those at its start must still update it. */
  private readonly written = new Set<string>();

  get current(): ActivitySpan | null {
    return this.open;
  }

  /** A sample at `at`: the window now in front (after policy), or null for none/excluded. */
  observe(window: RecordedWindow | null, at: number): void {
    const open = this.open;
    if (open && window && sameWindow(open, window) && at >= open.start) {
      if (at - open.start >= MAX_SPAN_MS) {
        // Split long spans so a time-range query can bound its scan (see MAX_SPAN_MS).
        const cut = open.start + MAX_SPAN_MS;
        this.close(cut);
        this.start(window, cut);
        this.observe(window, at);
        return;
      }
      open.end = at;
      this.dirty.set(open.id, open);
      return;
    }
    this.close(at);
    if (window) this.start(window, at);
  }

  /**
   * Ends the open span at `at`, clamped to its start: clock-out, break, private mode, or a pause
   * back-dated to the last input (which can be before the span's last sample).
   */
  close(at: number): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    open.end = Math.max(open.start, at);
    if (open.end > open.start || this.written.has(open.id)) this.dirty.set(open.id, { ...open });
    else this.dirty.delete(open.id);
  }

  /** The spans to write now; they count as written from here on. */
  takeDirty(): ActivitySpan[] {
    const spans = [...this.dirty.values()].map((s) => ({ ...s }));
    this.dirty.clear();
    // Only the open span can change again; remember just that one, so the set stays tiny.
    const open = this.open;
    const openWritten = open !== null && (this.written.has(open.id) || spans.some((s) => s.id === open.id));
    this.written.clear();
    if (openWritten) this.written.add(open.id);
    return spans;
  }

  private start(window: RecordedWindow, at: number): void {
    this.open = { id: uuidv7(at), start: at, end: at, ...window };
  }
}
