// The agent's side of "nothing lost, nothing doubled": records wait in the outbox, in the order
// they were written, until the hub acknowledges each by id. The hub is idempotent by id, so a
// record sent twice (a lost response, a crash mid-sync) is stored once.
import type { Database } from 'better-sqlite3';
import type { RecordKind, SyncRecord } from '../../shared/sync.ts';
import { bytesToUuid } from '../../shared/uuid.ts';
import { SYNC_KIND_CODES, type LocalStore } from '../store/local-store.ts';

export interface OutboxEntry {
  seq: number;
  kind: RecordKind;
  uid: Uint8Array;
  spanStart: number | null;
  record: SyncRecord;
  /** Bytes of the record as JSON, for size-capped batches. */
  size: number;
}

export interface DeadLetter {
  id: number;
  kind: RecordKind;
  recordId: string;
  code: string;
  message: string;
  at: number;
  record: SyncRecord;
}

const TABLE: Record<RecordKind, string> = {
  work_event: 'work_events',
  activity_span: 'spans',
  idle_decision: 'idle_decisions',
  day_plan: 'plan_revisions',
  report_revision: 'report_revisions',
};

const KIND_OF_CODE = new Map((Object.entries(SYNC_KIND_CODES) as [RecordKind, number][]).map(([kind, code]) => [code, kind]));

type Row = Record<string, unknown>;

export class Outbox {
  private readonly store: LocalStore;
  private readonly db: Database;

  constructor(store: LocalStore) {
    this.store = store;
    this.db = store.db;
  }

  /**
   * At start: anything written but never acknowledged goes back into the outbox (an activity
   * span enters it only when closed, and at start no span is open any more).
   */
  rescan(): number {
    // Rebuilt whole from the tables' own flags, in id order: UUIDv7 ids sort by the time they
    // were made, so the queue keeps the order the records were written in.
    const parts = (Object.entries(TABLE) as [RecordKind, string][]).map(
      ([kind, table]) => `SELECT ${SYNC_KIND_CODES[kind]} AS kind, uid, ${kind === 'activity_span' ? 'start' : 'NULL'} AS span_start FROM ${table} WHERE synced = 0`,
    );
    return this.db.transaction(() => {
      const before = this.waiting();
      this.db.prepare('DELETE FROM outbox').run();
      this.db.prepare(`INSERT INTO outbox (kind, uid, span_start) SELECT kind, uid, span_start FROM (${parts.join(' UNION ALL ')}) ORDER BY uid`).run();
      return this.waiting() - before;
    })();
  }

  /** Every syncable record in the store, sent or not: what "has been recorded", in wire form. */
  *allRecords(): Generator<SyncRecord> {
    for (const [kind, table] of Object.entries(TABLE) as [RecordKind, string][]) {
      const start = kind === 'activity_span' ? 'start' : 'NULL';
      for (const row of this.db.prepare(`SELECT uid, ${start} AS span_start FROM ${table}`).iterate() as Iterable<Row>) {
        const record = this.record(kind, row.uid as Uint8Array, (row.span_start as number | null) ?? null);
        if (record) yield record;
      }
    }
  }

  waiting(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  }

  /**
   * The oldest records, at most `maxRecords` and about `maxBytes` of JSON (at least one). A day
   * plan's revisions share the plan's id, and a batch names each id once: a second revision of
   * a plan already in the batch ends it, and goes first in the next one.
   */
  next(maxRecords: number, maxBytes: number): OutboxEntry[] {
    const rows = this.db.prepare('SELECT seq, kind, uid, span_start FROM outbox ORDER BY seq LIMIT ?').all(maxRecords) as Row[];
    const entries: OutboxEntry[] = [];
    const plans = new Set<string>();
    let bytes = 0;
    for (const row of rows) {
      const kind = KIND_OF_CODE.get(row.kind as number);
      const uid = row.uid as Uint8Array;
      if (!kind) throw new Error(`outbox entry ${String(row.seq)} has an unknown kind ${String(row.kind)}`);
      const spanStart = (row.span_start as number | null) ?? null;
      const record = this.record(kind, uid, spanStart);
      if (!record) {
        // The row it named is gone (it cannot be, short of hand edits): nothing to send.
        this.db.prepare('DELETE FROM outbox WHERE seq = ?').run(row.seq);
        continue;
      }
      const size = Buffer.byteLength(JSON.stringify(record));
      if (entries.length > 0 && bytes + size > maxBytes) break;
      if (record.kind === 'day_plan') {
        if (plans.has(record.id)) break;
        plans.add(record.id);
      }
      bytes += size;
      entries.push({ seq: row.seq as number, kind, uid, spanStart, record, size });
    }
    return entries;
  }

  /** The hub has these: mark them and take them out of the queue, in one transaction. */
  acknowledge(entries: readonly OutboxEntry[]): void {
    this.db.transaction(() => {
      for (const e of entries) this.finish(e, 1);
    })();
  }

  /** The hub refused this record as invalid: keep it aside with the reason, off the queue. */
  reject(entry: OutboxEntry, code: string, message: string, at: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO dead_letters (kind, uid, span_start, code, message, payload, at) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
            'ON CONFLICT (kind, uid) DO UPDATE SET code = excluded.code, message = excluded.message, payload = excluded.payload, at = excluded.at',
        )
        .run(entry.kind, entry.uid, entry.spanStart, code, message, JSON.stringify(entry.record), Math.round(at));
      this.finish(entry, 2);
    })();
  }

  deadLetters(): DeadLetter[] {
    return (this.db.prepare('SELECT id, kind, uid, code, message, payload, at FROM dead_letters ORDER BY id').all() as Row[]).map((r) => ({
      id: r.id as number,
      kind: r.kind as RecordKind,
      recordId: bytesToUuid(r.uid as Uint8Array),
      code: r.code as string,
      message: r.message as string,
      at: r.at as number,
      record: JSON.parse(r.payload as string) as SyncRecord,
    }));
  }

  /** Sends a refused record again (after the manager or an update fixed what was wrong). */
  retry(id: number): boolean {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT kind, uid, span_start FROM dead_letters WHERE id = ?').get(id) as Row | undefined;
      if (!row) return false;
      const kind = row.kind as RecordKind;
      this.db.prepare(`UPDATE ${TABLE[kind]} SET synced = 0 WHERE uid = ?`).run(row.uid);
      this.store.enqueue(kind, row.uid as Uint8Array, (row.span_start as number | null) ?? null);
      this.db.prepare('DELETE FROM dead_letters WHERE id = ?').run(id);
      return true;
    })();
  }

  private finish(entry: OutboxEntry, synced: 1 | 2): void {
    if (entry.kind === 'activity_span') {
      this.db.prepare('UPDATE spans SET synced = ? WHERE start = ? AND uid = ?').run(synced, entry.spanStart, entry.uid);
    } else {
      this.db.prepare(`UPDATE ${TABLE[entry.kind]} SET synced = ? WHERE uid = ?`).run(synced, entry.uid);
    }
    this.db.prepare('DELETE FROM outbox WHERE seq = ?').run(entry.seq);
  }

  private record(kind: RecordKind, uid: Uint8Array, spanStart: number | null): SyncRecord | null {
    switch (kind) {
      case 'work_event':
        return this.store.workEvents.record(uid);
      case 'activity_span':
        return this.store.spans.record(uid, spanStart);
      case 'idle_decision':
        return this.store.idleDecisions.record(uid);
      case 'day_plan':
        return this.store.plans.record(uid);
      case 'report_revision':
        return this.store.reports.record(uid);
    }
  }
}
