// The outbox's rows and the records the hub refused (dead letters): which records wait for the
// hub, in the order they were written, and each kind's `synced` flag. The records themselves
// come from their kinds' modules (SyncedKind); what goes into one push is main/sync/outbox.ts's.
import type { Database, Statement } from 'better-sqlite3';
import type { RecordKind, SyncRecord } from '../../shared/sync.ts';
import { bytesToUuid } from '../../shared/uuid.ts';
import type { SyncedKind } from './context.ts';

/** How the outbox stores a kind: a small integer (1 byte) rather than its name, in every row. */
export const SYNC_KIND_CODES: { readonly [K in RecordKind]: number } = {
  work_event: 1,
  activity_span: 2,
  idle_decision: 3,
  day_plan: 4,
  report_revision: 5,
};
const KIND_OF_CODE = new Map((Object.entries(SYNC_KIND_CODES) as [RecordKind, number][]).map(([kind, code]) => [code, kind]));

/** The module of every kind: adding one to RECORD_KINDS fails to compile until it has one. */
export type SyncedKinds = { readonly [K in RecordKind]: SyncedKind<K> };

export interface QueuedRecord {
  seq: number;
  kind: RecordKind;
  uid: Uint8Array;
  spanStart: number | null;
  record: SyncRecord;
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

interface QueueRow {
  seq: number;
  kind: number;
  uid: Uint8Array;
  span_start: number | null;
}

interface DeadLetterRow {
  id: number;
  kind: string;
  uid: Uint8Array;
  span_start: number | null;
  code: string;
  message: string;
  payload: string;
  at: number;
}

export class SyncQueue {
  private readonly db: Database;
  private readonly kinds: SyncedKinds;
  private readonly enqueued: () => void;
  private readonly stmt: Record<'enqueue' | 'count' | 'oldest' | 'remove' | 'clear' | 'rescan' | 'reject' | 'deadLetters' | 'deadLetter' | 'removeDeadLetter', Statement>;
  /** Per kind: every row's key, its `synced` flag set by key, and set back to 0 by uid. */
  private readonly perKind: Record<RecordKind, Record<'keys' | 'mark' | 'unmark', Statement>>;

  /** `enqueued` is told after records entered the queue (the sync loop listens). */
  constructor(db: Database, kinds: SyncedKinds, enqueued: () => void) {
    this.db = db;
    this.kinds = kinds;
    this.enqueued = enqueued;
    const s = (sql: string) => db.prepare(sql);
    // Rebuilt whole from the tables' own flags, in id order: UUIDv7 ids sort by the time they
    // were made, so the queue keeps the order the records were written in.
    const unsent = (Object.keys(kinds) as RecordKind[]).map(
      (kind) => `SELECT ${SYNC_KIND_CODES[kind]} AS kind, uid, ${kinds[kind].keyedByStart ? 'start' : 'NULL'} AS span_start FROM ${kinds[kind].table} WHERE synced = 0`,
    );
    this.stmt = {
      enqueue: s('INSERT INTO outbox (kind, uid, span_start) VALUES (?, ?, ?)'),
      count: s('SELECT count(*) AS n FROM outbox'),
      oldest: s('SELECT seq, kind, uid, span_start FROM outbox ORDER BY seq LIMIT ?'),
      remove: s('DELETE FROM outbox WHERE seq = ?'),
      clear: s('DELETE FROM outbox'),
      rescan: s(`INSERT INTO outbox (kind, uid, span_start) SELECT kind, uid, span_start FROM (${unsent.join(' UNION ALL ')}) ORDER BY uid`),
      reject: s(
        'INSERT INTO dead_letters (kind, uid, span_start, code, message, payload, at) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT (kind, uid) DO UPDATE SET code = excluded.code, message = excluded.message, payload = excluded.payload, at = excluded.at',
      ),
      deadLetters: s('SELECT id, kind, uid, span_start, code, message, payload, at FROM dead_letters ORDER BY id'),
      deadLetter: s('SELECT id, kind, uid, span_start, code, message, payload, at FROM dead_letters WHERE id = ?'),
      removeDeadLetter: s('DELETE FROM dead_letters WHERE id = ?'),
    };
    this.perKind = Object.fromEntries(
      (Object.keys(kinds) as RecordKind[]).map((kind) => {
        const { table, keyedByStart } = kinds[kind];
        const statements = {
          keys: s(`SELECT uid, ${keyedByStart ? 'start' : 'NULL'} AS span_start FROM ${table}`),
          mark: s(keyedByStart ? `UPDATE ${table} SET synced = ? WHERE start = ? AND uid = ?` : `UPDATE ${table} SET synced = ? WHERE uid = ?`),
          unmark: s(`UPDATE ${table} SET synced = 0 WHERE uid = ?`),
        };
        return [kind, statements];
      }),
    ) as SyncQueue['perKind'];
  }

  /**
   * Puts a record into the queue; call inside the transaction that writes the record. Each
   * record is enqueued once by construction (a span when it is closed), so the outbox needs no
   * unique index, which would cost as much again as the queue itself.
   */
  enqueue(kind: RecordKind, uid: Uint8Array, spanStart: number | null = null): void {
    this.stmt.enqueue.run(SYNC_KIND_CODES[kind], uid, spanStart);
    this.enqueued();
  }

  waiting(): number {
    return (this.stmt.count.get() as { n: number }).n;
  }

  /**
   * The oldest `max` queued records, in the order they were written; each is read from its
   * table only when the caller gets to it (a batch full by size stops early).
   */
  *oldest(max: number): Generator<QueuedRecord> {
    for (const row of this.stmt.oldest.all(max) as QueueRow[]) {
      const kind = KIND_OF_CODE.get(row.kind);
      if (!kind) throw new Error(`outbox entry ${row.seq} has an unknown kind ${row.kind}`);
      const record = this.record(kind, row.uid, row.span_start);
      if (!record) {
        // The row it named is gone (it cannot be, short of hand edits): nothing to send.
        this.stmt.remove.run(row.seq);
        continue;
      }
      yield { seq: row.seq, kind, uid: row.uid, spanStart: row.span_start, record };
    }
  }

  /**
   * Rebuilds the queue from the kinds' `synced` flags (at start: an activity span enters the
   * queue only when closed, and at start no span is open any more). Returns how many it added.
   */
  rescan(): number {
    return this.db.transaction(() => {
      const before = this.waiting();
      this.stmt.clear.run();
      this.stmt.rescan.run();
      return this.waiting() - before;
    })();
  }

  /** Every syncable record in the store, sent or not, in wire form. */
  *allRecords(): Generator<SyncRecord> {
    for (const kind of Object.keys(this.kinds) as RecordKind[]) {
      for (const row of this.perKind[kind].keys.iterate() as Iterable<{ uid: Uint8Array; span_start: number | null }>) {
        const record = this.record(kind, row.uid, row.span_start);
        if (record) yield record;
      }
    }
  }

  /** The hub has these: mark them and take them off the queue, in one transaction. */
  acknowledge(entries: readonly QueuedRecord[]): void {
    this.db.transaction(() => {
      for (const e of entries) this.finish(e, 1);
    })();
  }

  /** The hub refused this record as invalid: keep it aside with the reason, off the queue. */
  reject(entry: QueuedRecord, code: string, message: string, at: number): void {
    this.db.transaction(() => {
      this.stmt.reject.run(entry.kind, entry.uid, entry.spanStart, code, message, JSON.stringify(entry.record), Math.round(at));
      this.finish(entry, 2);
    })();
  }

  deadLetters(): DeadLetter[] {
    return (this.stmt.deadLetters.all() as DeadLetterRow[]).map((r) => ({
      id: r.id,
      kind: r.kind as RecordKind,
      recordId: bytesToUuid(r.uid),
      code: r.code,
      message: r.message,
      at: r.at,
      record: JSON.parse(r.payload) as SyncRecord,
    }));
  }

  /** Queues a refused record again (after the manager or an update fixed what was wrong). */
  retry(id: number): boolean {
    return this.db.transaction(() => {
      const row = this.stmt.deadLetter.get(id) as DeadLetterRow | undefined;
      if (!row) return false;
      const kind = row.kind as RecordKind;
      this.perKind[kind].unmark.run(row.uid);
      this.enqueue(kind, row.uid, row.span_start);
      this.stmt.removeDeadLetter.run(id);
      return true;
    })();
  }

  private finish(entry: QueuedRecord, synced: 1 | 2): void {
    const { mark } = this.perKind[entry.kind];
    if (this.kinds[entry.kind].keyedByStart) mark.run(synced, entry.spanStart, entry.uid);
    else mark.run(synced, entry.uid);
    this.stmt.remove.run(entry.seq);
  }

  private record(kind: RecordKind, uid: Uint8Array, spanStart: number | null): SyncRecord | null {
    return (this.kinds[kind] as SyncedKind<RecordKind>).record(uid, spanStart);
  }
}
