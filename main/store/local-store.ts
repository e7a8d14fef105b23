// The agent's repository over its SQLite file, and the only code that touches it (lint keeps
// better-sqlite3 and SQL inside main/store/). Each record kind has a module of its own that owns
// its SQL and maps its rows to what the agent reads and to the wire records (shared/sync.ts):
// work-events.ts, activity-spans.ts, idle-decisions.ts, day-plans.ts, report-revisions.ts, and
// the local-only drafts.ts; sync-queue.ts holds the outbox. Every write is one transaction; the
// tracker batches its writes into `flush` so the disk sees one small commit per interval.
import type { Database, Statement } from 'better-sqlite3';
import type { ActivitySpan } from '../../shared/model.ts';
import { bytesToUuid, uuidToBytes, uuidv7 } from '../../shared/uuid.ts';
import { ActivitySpans } from './activity-spans.ts';
import type { StoreContext } from './context.ts';
import { DayPlans } from './day-plans.ts';
import { Drafts } from './drafts.ts';
import { IdleDecisions } from './idle-decisions.ts';
import { openDatabase, type CorruptionNotice } from './open.ts';
import { ReportRevisions } from './report-revisions.ts';
import { SyncQueue } from './sync-queue.ts';
import { WorkEvents } from './work-events.ts';

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

export interface FlushBatch {
  /** Spans to insert or update (the open span is written again with its new end). */
  spans: ActivitySpan[];
  /** The span still growing: written, but not sent to the hub until it is closed. */
  openSpanId?: string | null;
  heartbeat?: Heartbeat;
}

interface NoticeRow {
  id: number;
  at: number;
  kind: string;
  message: string;
  data: string | null;
  seen: number;
}

export class LocalStore {
  private readonly db: Database;
  readonly file: string;
  readonly deviceId: string;
  readonly corruption: CorruptionNotice | null;
  /** This device's row in `devices`, which records refer to. */
  readonly deviceRow: number;
  /** The work-time log, which segments and sessions are derived from. */
  readonly workEvents: WorkEvents;
  readonly spans: ActivitySpans;
  readonly idleDecisions: IdleDecisions;
  /** The morning plans, a revision per submission. */
  readonly plans: DayPlans;
  /** The end-of-day reports, a revision per submission, and the lead's reviews of them. */
  readonly reports: ReportRevisions;
  /** What the plan, report and idle forms hold as typed (never synced). */
  readonly drafts: Drafts;
  /** The outbox: what waits for the hub, and what it refused. */
  readonly queue: SyncQueue;
  /** Called after records entered the outbox (the sync loop listens). */
  onEnqueue: (() => void) | null = null;
  private readonly deviceIds = new Map<number, string>();
  private readonly stmt: Record<'getMeta' | 'setMeta' | 'deviceUid' | 'insertNotice' | 'unseenNotices' | 'markNotice', Statement>;

  static open(file: string, now: () => number = Date.now): LocalStore {
    const opened = openDatabase(file, now);
    return new LocalStore(opened.db, opened.file, opened.corruption, now);
  }

  private constructor(db: Database, file: string, corruption: CorruptionNotice | null, now: () => number) {
    this.db = db;
    this.file = file;
    this.corruption = corruption;
    const s = (sql: string) => db.prepare(sql);
    this.stmt = {
      getMeta: s('SELECT value FROM meta WHERE key = ?'),
      setMeta: s('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      deviceUid: s('SELECT uid FROM devices WHERE id = ?'),
      insertNotice: s('INSERT INTO notices (at, kind, message, data) VALUES (?, ?, ?, ?)'),
      unseenNotices: s('SELECT id, at, kind, message, data, seen FROM notices WHERE seen = 0 ORDER BY id'),
      markNotice: s('UPDATE notices SET seen = 1 WHERE id = ?'),
    };

    this.deviceRow = db.transaction(() => {
      const existing = this.meta('device_id');
      const uid = existing ?? uuidv7(now());
      if (!existing) this.setMeta('device_id', uid);
      const bytes = uuidToBytes(uid);
      db.prepare('INSERT OR IGNORE INTO devices (uid) VALUES (?)').run(bytes);
      return (db.prepare('SELECT id FROM devices WHERE uid = ?').get(bytes) as { id: number }).id;
    }).immediate();
    this.deviceId = this.meta('device_id')!;

    const ctx: StoreContext = {
      db,
      deviceRow: this.deviceRow,
      deviceId: (row) => this.deviceUid(row),
      transaction: (fn) => this.transaction(fn),
      enqueue: (kind, uid, spanStart = null) => this.queue.enqueue(kind, uid, spanStart),
      insertSynced: (kind, insert, row) =>
        this.transaction(() => {
          insert.run(row);
          this.queue.enqueue(kind, row.uid);
        }),
    };
    this.workEvents = new WorkEvents(ctx);
    this.spans = new ActivitySpans(ctx);
    this.idleDecisions = new IdleDecisions(ctx);
    this.plans = new DayPlans(ctx);
    this.reports = new ReportRevisions(ctx);
    this.drafts = new Drafts(ctx);
    const kinds = { work_event: this.workEvents, activity_span: this.spans, idle_decision: this.idleDecisions, day_plan: this.plans, report_revision: this.reports };
    this.queue = new SyncQueue(db, kinds, () => this.onEnqueue?.());

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

  /** One transaction: the spans that changed since the last flush, and the heartbeat. */
  flush(batch: FlushBatch): void {
    this.transaction(() => {
      this.spans.write(batch.spans, batch.openSpanId ?? null);
      if (batch.heartbeat) this.setMeta('heartbeat', JSON.stringify(batch.heartbeat));
    });
  }

  /** The device id (a UUID) of a `devices` row: normally this device's own. */
  private deviceUid(row: number): string {
    let id = this.deviceIds.get(row);
    if (!id) {
      id = bytesToUuid((this.stmt.deviceUid.get(row) as { uid: Uint8Array }).uid);
      this.deviceIds.set(row, id);
    }
    return id;
  }

  // ---- notices ----

  addNotice(at: number, kind: string, message: string, data?: unknown): void {
    this.stmt.insertNotice.run(Math.round(at), kind, message, data === undefined ? null : JSON.stringify(data));
  }

  notices(): Notice[] {
    return (this.stmt.unseenNotices.all() as NoticeRow[]).map((r) => ({
      id: r.id,
      at: r.at,
      kind: r.kind,
      message: r.message,
      data: r.data ? JSON.parse(r.data) : null,
      seen: Boolean(r.seen),
    }));
  }

  dismissNotice(id: number): void {
    this.stmt.markNotice.run(id);
  }
}
