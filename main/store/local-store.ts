// The agent's repository over its SQLite file. Every method is one transaction; the tracker
// batches its writes into `flush` so the disk sees one small commit per interval.
import type { Database } from 'better-sqlite3';
import type { ActivitySpan, IdleDecision, IdleDecisionKind, Productivity } from '../../shared/model.ts';
import { MAX_SPAN_MS, type RecordKind } from '../../shared/sync.ts';
import { bytesToUuid, uuidToBytes, uuidv7 } from '../../shared/uuid.ts';
import type { WorkEvent, WorkEventKind } from '../../shared/worktime.ts';
import { openDatabase, type CorruptionNotice } from './open.ts';

const PRODUCTIVITY: readonly Productivity[] = ['unproductive', 'neutral', 'productive'];
const productivityCode = (p: Productivity) => PRODUCTIVITY.indexOf(p) - 1;
const productivityOf = (code: number): Productivity => PRODUCTIVITY[code + 1] ?? 'neutral';

export interface Heartbeat {
  at: number;
  mono: number;
}

export interface Notice {
  id: number;
  at: number;
  kind: string;
  message: string;
  data: unknown;
  seen: boolean;
}

export interface StoredDecision extends IdleDecision {
  id: string;
  at: number;
  zone: string;
}

export interface FlushBatch {
  /** Spans to insert or update (the open span is written again with its new end). */
  spans: ActivitySpan[];
  /** The span still growing: written, but not sent to the hub until it is closed. */
  openSpanId?: string | null;
  heartbeat?: Heartbeat;
}

/** How the outbox stores a kind: a small integer (1 byte) rather than its name, in every row. */
export const SYNC_KIND_CODES: { readonly [K in RecordKind]: number } = {
  work_event: 1,
  activity_span: 2,
  idle_decision: 3,
  day_plan: 4,
  report_revision: 5,
};

type Row = Record<string, unknown>;

export class LocalStore {
  readonly db: Database;
  readonly file: string;
  readonly deviceId: string;
  readonly corruption: CorruptionNotice | null;
  /** This device's row in `devices`, which records refer to. */
  readonly deviceRow: number;
  private readonly windowIds = new Map<string, number>();
  private readonly stmt: ReturnType<typeof prepareStatements>;

  static open(file: string, now: () => number = Date.now): LocalStore {
    const opened = openDatabase(file, now);
    return new LocalStore(opened.db, opened.file, opened.corruption, now);
  }

  private constructor(db: Database, file: string, corruption: CorruptionNotice | null, now: () => number) {
    this.db = db;
    this.file = file;
    this.corruption = corruption;
    this.stmt = prepareStatements(db);

    this.deviceRow = db.transaction(() => {
      const existing = this.meta('device_id');
      const uid = existing ?? uuidv7(now());
      if (!existing) this.setMeta('device_id', uid);
      const bytes = uuidToBytes(uid);
      db.prepare('INSERT OR IGNORE INTO devices (uid) VALUES (?)').run(bytes);
      return (db.prepare('SELECT id FROM devices WHERE uid = ?').get(bytes) as { id: number }).id;
    }).immediate();
    this.deviceId = this.meta('device_id')!;

    if (corruption) {
      this.addNotice(now(), corruption.kind, corruption.message, { movedTo: corruption.movedTo, reason: corruption.reason });
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Runs `fn` in one transaction: everything it writes is on disk together or not at all. Inside
   * another transaction it is a savepoint of that one.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  meta(key: string): string | null {
    const row = this.stmt.getMeta.get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.stmt.setMeta.run(key, value);
  }

  heartbeat(): Heartbeat | null {
    const raw = this.meta('heartbeat');
    return raw ? (JSON.parse(raw) as Heartbeat) : null;
  }

  // ---- work events ----

  /** Called after records entered the outbox (the sync loop listens). */
  onEnqueue: (() => void) | null = null;

  /**
   * Puts a record into the outbox; call inside the transaction that writes the record. Each
   * record is enqueued once by construction (a span when it is closed), so the outbox needs no
   * unique index, which would cost as much again as the queue itself.
   */
  enqueue(kind: RecordKind, uid: Uint8Array, spanStart: number | null = null): void {
    this.stmt.enqueue.run(SYNC_KIND_CODES[kind], uid, spanStart);
    this.onEnqueue?.();
  }

  appendEvent(kind: WorkEventKind, at: number, zone: string, mono: number, data?: WorkEvent['data']): WorkEvent {
    const id = uuidv7(at);
    const uid = uuidToBytes(id);
    this.db.transaction(() => {
      this.stmt.insertEvent.run(uid, this.deviceRow, kind, Math.round(at), zone, Math.round(mono), data ? JSON.stringify(data) : null);
      this.enqueue('work_event', uid);
    })();
    return { id, kind, at: Math.round(at), zone, mono: Math.round(mono), ...(data ? { data } : {}) };
  }

  events(): WorkEvent[] {
    return (this.stmt.allEvents.all() as Row[]).map((r) => ({
      id: bytesToUuid(r.uid as Uint8Array),
      kind: r.kind as WorkEventKind,
      at: r.at as number,
      zone: r.zone as string,
      mono: r.mono as number,
      ...(r.data ? { data: JSON.parse(r.data as string) } : {}),
    }));
  }

  // ---- activity spans ----

  private windowId(span: ActivitySpan): number {
    const values = [span.app, span.exe ?? '', span.title ?? '', span.domain ?? '', span.category, productivityCode(span.productivity)] as const;
    const key = values.join('\u0000');
    let id = this.windowIds.get(key);
    if (id === undefined) {
      const row = this.stmt.findWindow.get(...values) as { id: number } | undefined;
      id = row ? row.id : Number(this.stmt.insertWindow.run(...values).lastInsertRowid);
      this.windowIds.set(key, id);
    }
    return id;
  }

  /** One transaction: the spans that changed since the last flush, and the heartbeat. */
  flush(batch: FlushBatch): void {
    this.db.transaction(() => {
      for (const span of batch.spans) {
        const uid = uuidToBytes(span.id);
        this.stmt.upsertSpan.run(Math.round(span.start), uid, this.deviceRow, Math.round(span.end), this.windowId(span));
        if (span.id !== batch.openSpanId) this.enqueue('activity_span', uid, Math.round(span.start));
      }
      if (batch.heartbeat) this.setMeta('heartbeat', JSON.stringify(batch.heartbeat));
    })();
  }

  /** Spans that overlap [from, to). */
  spans(from: number, to: number): ActivitySpan[] {
    return (this.stmt.spansIn.all(from - MAX_SPAN_MS, to, from) as Row[]).map((r) => ({
      id: bytesToUuid(r.uid as Uint8Array),
      start: r.start as number,
      end: r.end as number,
      app: r.app as string,
      exe: (r.exe as string) || null,
      title: (r.title as string) || null,
      domain: (r.domain as string) || null,
      category: r.category as string,
      productivity: productivityOf(r.productivity as number),
    }));
  }

  // ---- idle decisions ----

  addDecision(gapId: string, decision: IdleDecisionKind, label: string | null, at: number, zone: string): StoredDecision {
    const id = uuidv7(at);
    const uid = uuidToBytes(id);
    this.db.transaction(() => {
      this.stmt.insertDecision.run(uid, this.deviceRow, uuidToBytes(gapId), decision, label, Math.round(at), zone);
      this.enqueue('idle_decision', uid);
    })();
    return { id, gapId, decision, ...(label ? { label } : {}), at: Math.round(at), zone };
  }

  /** The latest decision per gap. */
  decisions(): StoredDecision[] {
    const latest = new Map<string, StoredDecision>();
    for (const r of this.stmt.allDecisions.all() as Row[]) {
      const gapId = bytesToUuid(r.gap as Uint8Array);
      latest.set(gapId, {
        id: bytesToUuid(r.uid as Uint8Array),
        gapId,
        decision: r.decision as IdleDecisionKind,
        ...(r.label ? { label: r.label as string } : {}),
        at: r.at as number,
        zone: r.zone as string,
      });
    }
    return [...latest.values()];
  }

  // ---- notices ----

  addNotice(at: number, kind: string, message: string, data?: unknown): void {
    this.stmt.insertNotice.run(Math.round(at), kind, message, data === undefined ? null : JSON.stringify(data));
  }

  notices(): Notice[] {
    return (this.stmt.unseenNotices.all() as Row[]).map((r) => ({
      id: r.id as number,
      at: r.at as number,
      kind: r.kind as string,
      message: r.message as string,
      data: r.data ? JSON.parse(r.data as string) : null,
      seen: Boolean(r.seen),
    }));
  }

  dismissNotice(id: number): void {
    this.stmt.markNotice.run(id);
  }
}

function prepareStatements(db: Database) {
  const s = (sql: string) => db.prepare(sql);
  return {
    getMeta: s('SELECT value FROM meta WHERE key = ?'),
    setMeta: s('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    insertEvent: s('INSERT INTO work_events (uid, device, kind, at, zone, mono, data) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    allEvents: s('SELECT uid, kind, at, zone, mono, data FROM work_events ORDER BY id'),
    findWindow: s('SELECT id FROM windows WHERE app = ? AND exe = ? AND title = ? AND domain = ? AND category = ? AND productivity = ?'),
    insertWindow: s('INSERT INTO windows (app, exe, title, domain, category, productivity) VALUES (?, ?, ?, ?, ?, ?)'),
    upsertSpan: s(
      'INSERT INTO spans (start, uid, device, end, window) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (start, uid) DO UPDATE SET end = excluded.end, window = excluded.window',
    ),
    spansIn: s(
      'SELECT s.start, s.uid, s.end, w.app, w.exe, w.title, w.domain, w.category, w.productivity ' +
        'FROM spans s JOIN windows w ON w.id = s.window ' +
        'WHERE s.start >= ? AND s.start < ? AND s.end > ? ORDER BY s.start',
    ),
    insertDecision: s('INSERT INTO idle_decisions (uid, device, gap, decision, label, at, zone) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    allDecisions: s('SELECT uid, gap, decision, label, at, zone FROM idle_decisions ORDER BY id'),
    insertNotice: s('INSERT INTO notices (at, kind, message, data) VALUES (?, ?, ?, ?)'),
    unseenNotices: s('SELECT id, at, kind, message, data, seen FROM notices WHERE seen = 0 ORDER BY id'),
    markNotice: s('UPDATE notices SET seen = 1 WHERE id = ?'),
    enqueue: s('INSERT INTO outbox (kind, uid, span_start) VALUES (?, ?, ?)'),
  };
}
