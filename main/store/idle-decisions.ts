// The manager's decisions about idle gaps (keep as work, a break, discard); the newest for a gap
// wins. The row, the StoredDecision the agent reads and the wire record are mapped into each
// other here and nowhere else.
import type { Statement } from 'better-sqlite3';
import type { IdleDecision, IdleDecisionKind } from '../../shared/model.ts';
import type { SyncRecordOf } from '../../shared/sync.ts';
import { bytesToUuid, uuidToBytes, uuidv7 } from '../../shared/uuid.ts';
import type { StoreContext, SyncedKind } from './context.ts';

export interface StoredDecision extends IdleDecision {
  id: string;
  at: number;
  zone: string;
}

interface Row {
  uid: Uint8Array;
  device: number;
  gap: Uint8Array;
  decision: string;
  label: string | null;
  at: number;
  zone: string;
}

export function toRow(d: StoredDecision, device: number): Row {
  return { uid: uuidToBytes(d.id), device, gap: uuidToBytes(d.gapId), decision: d.decision, label: d.label ?? null, at: d.at, zone: d.zone };
}

export function fromRow(r: Row): StoredDecision {
  return { id: bytesToUuid(r.uid), gapId: bytesToUuid(r.gap), decision: r.decision as IdleDecisionKind, ...(r.label ? { label: r.label } : {}), at: r.at, zone: r.zone };
}

export function toRecord(d: StoredDecision, deviceId: string): SyncRecordOf<'idle_decision'> {
  return { kind: 'idle_decision', id: d.id, deviceId, gapId: d.gapId, decision: d.decision, ...(d.label ? { label: d.label } : {}), at: d.at, zone: d.zone };
}

export class IdleDecisions implements SyncedKind<'idle_decision'> {
  readonly table = 'idle_decisions';
  readonly keyedByStart = false;
  private readonly ctx: StoreContext;
  private readonly stmt: Record<'insert' | 'all' | 'byUid', Statement>;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
    const columns = 'uid, device, gap, decision, label, at, zone';
    this.stmt = {
      insert: ctx.db.prepare(`INSERT INTO idle_decisions (${columns}) VALUES (@uid, @device, @gap, @decision, @label, @at, @zone)`),
      all: ctx.db.prepare(`SELECT ${columns} FROM idle_decisions ORDER BY id`),
      byUid: ctx.db.prepare(`SELECT ${columns} FROM idle_decisions WHERE uid = ?`),
    };
  }

  add(gapId: string, decision: IdleDecisionKind, label: string | null, at: number, zone: string): StoredDecision {
    const stored: StoredDecision = { id: uuidv7(at), gapId, decision, ...(label ? { label } : {}), at: Math.round(at), zone };
    this.ctx.insertSynced('idle_decision', this.stmt.insert, toRow(stored, this.ctx.deviceRow));
    return stored;
  }

  /** The latest decision per gap. */
  latest(): StoredDecision[] {
    const latest = new Map<string, StoredDecision>();
    for (const row of this.stmt.all.all() as Row[]) {
      const d = fromRow(row);
      latest.set(d.gapId, d);
    }
    return [...latest.values()];
  }

  record(uid: Uint8Array): SyncRecordOf<'idle_decision'> | null {
    const row = this.stmt.byUid.get(uid) as Row | undefined;
    return row ? toRecord(fromRow(row), this.ctx.deviceId(row.device)) : null;
  }
}
