// The manager's decisions about idle gaps (keep as work, a break, discard): stored once.
import type { Kysely } from 'kysely';
import type { IdleDecisionKind } from '../../../shared/model.ts';
import type { SyncRecordOf } from '../../../shared/sync.ts';
import type { DB, IdleDecisionsTable } from '../../db/schema.ts';
import type { DeviceAuth } from '../../devices.ts';
import { insertOnce, newOnes, type Batch, type Item } from './batch.ts';
import type { RecordRange } from './range.ts';

type Record = SyncRecordOf<'idle_decision'>;

export function toRow(r: Record, device: DeviceAuth, now: number): IdleDecisionsTable {
  return { id: r.id, device_id: device.deviceId, user_id: device.userId, gap_id: r.gapId, decision: r.decision, label: r.label ?? null, at: r.at, zone: r.zone, received_at: now };
}

export function fromRow(r: IdleDecisionsTable): Record {
  return { kind: 'idle_decision', id: r.id, deviceId: r.device_id, gapId: r.gap_id, decision: r.decision as IdleDecisionKind, ...(r.label !== null ? { label: r.label } : {}), at: r.at, zone: r.zone };
}

export async function store(b: Batch, items: Item<'idle_decision'>[]): Promise<void> {
  const fresh = await newOnes(b, 'idle_decisions', items);
  const written = await insertOnce(b, 'idle_decisions', fresh, (r) => toRow(r, b.device, b.now));
  b.fresh.decisions.push(...written.map((i) => i.record));
}

export async function read(db: Kysely<DB>, q: RecordRange): Promise<Record[]> {
  const rows = await db.selectFrom('idle_decisions').selectAll().where('user_id', '=', q.userId).where('at', '>=', q.from).where('at', '<', q.to).orderBy('at').limit(q.limit).execute();
  return rows.map(fromRow);
}
