// Activity spans: what was in front, when. A span row names its window (app, title, category,
// productivity) by a small id into `windows`, so a day of switches between a few windows stores
// each window once. The rows, the ActivitySpan the agent reads and the wire record are mapped
// into each other here and nowhere else.
import type { Statement } from 'better-sqlite3';
import type { ActivitySpan, Productivity } from '../../shared/model.ts';
import { MAX_SPAN_MS, type SyncRecordOf } from '../../shared/sync.ts';
import { bytesToUuid, uuidToBytes } from '../../shared/uuid.ts';
import type { StoreContext, SyncedKind } from './context.ts';

/** How `windows.productivity` stores it (migration 1): one small integer. */
const PRODUCTIVITY_CODE: { readonly [P in Productivity]: number } = { unproductive: -1, neutral: 0, productive: 1 };
const PRODUCTIVITY_OF = new Map((Object.entries(PRODUCTIVITY_CODE) as [Productivity, number][]).map(([p, code]) => [code, p]));

/** A `windows` row's columns; '' stands for "none" so that its UNIQUE index sees duplicates. */
interface WindowRow {
  app: string;
  exe: string;
  title: string;
  domain: string;
  category: string;
  productivity: number;
}

/** A span row joined with its window. */
interface Row extends WindowRow {
  start: number;
  uid: Uint8Array;
  device: number;
  end: number;
}

export function windowRow(s: Omit<ActivitySpan, 'id' | 'start' | 'end'>): WindowRow {
  return { app: s.app, exe: s.exe ?? '', title: s.title ?? '', domain: s.domain ?? '', category: s.category, productivity: PRODUCTIVITY_CODE[s.productivity] };
}

export function fromRow(r: Row): ActivitySpan {
  return {
    id: bytesToUuid(r.uid),
    start: r.start,
    end: r.end,
    app: r.app,
    exe: r.exe || null,
    title: r.title || null,
    domain: r.domain || null,
    category: r.category,
    productivity: PRODUCTIVITY_OF.get(r.productivity) ?? 'neutral',
  };
}

export function toRecord(s: ActivitySpan, deviceId: string): SyncRecordOf<'activity_span'> {
  return { kind: 'activity_span', id: s.id, deviceId, start: s.start, end: s.end, app: s.app, exe: s.exe, title: s.title, domain: s.domain, category: s.category, productivity: s.productivity };
}

const JOINED = 'SELECT s.start, s.uid, s.device, s.end, w.app, w.exe, w.title, w.domain, w.category, w.productivity FROM spans s JOIN windows w ON w.id = s.window';

export class ActivitySpans implements SyncedKind<'activity_span'> {
  readonly table = 'spans';
  readonly keyedByStart = true;
  private readonly ctx: StoreContext;
  private readonly windowIds = new Map<string, number>();
  private readonly stmt: Record<'findWindow' | 'insertWindow' | 'upsert' | 'between' | 'byKey', Statement>;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
    const s = (sql: string) => ctx.db.prepare(sql);
    this.stmt = {
      findWindow: s('SELECT id FROM windows WHERE app = @app AND exe = @exe AND title = @title AND domain = @domain AND category = @category AND productivity = @productivity'),
      insertWindow: s('INSERT INTO windows (app, exe, title, domain, category, productivity) VALUES (@app, @exe, @title, @domain, @category, @productivity)'),
      upsert: s('INSERT INTO spans (start, uid, device, end, window) VALUES (?, ?, ?, ?, ?) ON CONFLICT (start, uid) DO UPDATE SET end = excluded.end, window = excluded.window'),
      between: s(`${JOINED} WHERE s.start >= ? AND s.start < ? AND s.end > ? ORDER BY s.start`),
      byKey: s(`${JOINED} WHERE s.start = ? AND s.uid = ?`),
    };
  }

  /**
   * Inserts the spans or writes them again (the open span grows between flushes); each but the
   * open one enters the outbox. Call inside a transaction.
   */
  write(spans: readonly ActivitySpan[], openSpanId: string | null = null): void {
    for (const span of spans) {
      const uid = uuidToBytes(span.id);
      this.stmt.upsert.run(Math.round(span.start), uid, this.ctx.deviceRow, Math.round(span.end), this.windowId(span));
      if (span.id !== openSpanId) this.ctx.enqueue('activity_span', uid, Math.round(span.start));
    }
  }

  /** Spans that overlap [from, to). */
  between(from: number, to: number): ActivitySpan[] {
    // None is longer than MAX_SPAN_MS, so the scan by start begins that much before `from`.
    return (this.stmt.between.all(from - MAX_SPAN_MS, to, from) as Row[]).map(fromRow);
  }

  record(uid: Uint8Array, spanStart: number | null): SyncRecordOf<'activity_span'> | null {
    const row = this.stmt.byKey.get(spanStart, uid) as Row | undefined;
    return row ? toRecord(fromRow(row), this.ctx.deviceId(row.device)) : null;
  }

  private windowId(span: ActivitySpan): number {
    const w = windowRow(span);
    const key = Object.values(w).join('\u0000');
    let id = this.windowIds.get(key);
    if (id === undefined) {
      const row = this.stmt.findWindow.get(w) as { id: number } | undefined;
      id = row ? row.id : Number(this.stmt.insertWindow.run(w).lastInsertRowid);
      this.windowIds.set(key, id);
    }
    return id;
  }
}
