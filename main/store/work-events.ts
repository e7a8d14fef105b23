// The work-time log (clock in, breaks, pauses, ...): the one source of the segments and sessions
// (shared/worktime.ts, shared/working-days.ts). Append-only. Its row, the WorkEvent the agent
// folds and the wire record are mapped into each other here and nowhere else.
import type { Statement } from 'better-sqlite3';
import type { SyncRecordOf } from '../../shared/sync.ts';
import { bytesToUuid, uuidToBytes, uuidv7 } from '../../shared/uuid.ts';
import type { WorkEvent, WorkEventKind } from '../../shared/worktime.ts';
import type { StoreContext, SyncedKind } from './context.ts';

interface Row {
  uid: Uint8Array;
  device: number;
  kind: string;
  at: number;
  zone: string;
  mono: number;
  data: string | null;
}

export function toRow(e: WorkEvent, device: number): Row {
  return { uid: uuidToBytes(e.id), device, kind: e.kind, at: e.at, zone: e.zone, mono: e.mono, data: e.data ? JSON.stringify(e.data) : null };
}

export function fromRow(r: Row): WorkEvent {
  return { id: bytesToUuid(r.uid), kind: r.kind as WorkEventKind, at: r.at, zone: r.zone, mono: r.mono, ...(r.data ? { data: JSON.parse(r.data) as WorkEvent['data'] } : {}) };
}

/** `event` on the wire is WorkEvent.kind (`kind` names the record type). */
export function toRecord(e: WorkEvent, deviceId: string): SyncRecordOf<'work_event'> {
  // The contract takes no negative monotonic reading (shared/sync.ts).
  return { kind: 'work_event', id: e.id, deviceId, event: e.kind, at: e.at, zone: e.zone, mono: Math.max(0, e.mono), ...(e.data ? { data: e.data } : {}) };
}

export class WorkEvents implements SyncedKind<'work_event'> {
  readonly table = 'work_events';
  readonly keyedByStart = false;
  private readonly ctx: StoreContext;
  private readonly stmt: { insert: Statement; all: Statement; byUid: Statement };

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
    const columns = 'uid, device, kind, at, zone, mono, data';
    this.stmt = {
      insert: ctx.db.prepare(`INSERT INTO work_events (${columns}) VALUES (@uid, @device, @kind, @at, @zone, @mono, @data)`),
      all: ctx.db.prepare(`SELECT ${columns} FROM work_events ORDER BY id`),
      byUid: ctx.db.prepare(`SELECT ${columns} FROM work_events WHERE uid = ?`),
    };
  }

  append(kind: WorkEventKind, at: number, zone: string, mono: number, data?: WorkEvent['data']): WorkEvent {
    const event: WorkEvent = { id: uuidv7(at), kind, at: Math.round(at), zone, mono: Math.round(mono), ...(data ? { data } : {}) };
    this.ctx.insertSynced('work_event', this.stmt.insert, toRow(event, this.ctx.deviceRow));
    return event;
  }

  /** The whole log, in the order it was appended (wall time cannot give it: clocks move back). */
  all(): WorkEvent[] {
    return (this.stmt.all.all() as Row[]).map(fromRow);
  }

  record(uid: Uint8Array): SyncRecordOf<'work_event'> | null {
    const row = this.stmt.byUid.get(uid) as Row | undefined;
    return row ? toRecord(fromRow(row), this.ctx.deviceId(row.device)) : null;
  }
}
