// Work events (clock in, breaks, pauses, clock out): stored once, never changed.
import type { Kysely } from 'kysely';
import type { SyncRecordOf } from '../../../shared/sync.ts';
import type { WorkEventKind } from '../../../shared/worktime.ts';
import type { DB, WorkEventsTable } from '../../db/schema.ts';
import type { DeviceAuth } from '../../devices.ts';
import { insertOnce, newOnes, type Batch, type Item } from './batch.ts';
import type { RecordRange } from './range.ts';

type Record = SyncRecordOf<'work_event'>;

export function toRow(r: Record, device: DeviceAuth, now: number): WorkEventsTable {
  return { id: r.id, device_id: device.deviceId, user_id: device.userId, event: r.event, at: r.at, zone: r.zone, mono: r.mono, data: r.data ? JSON.stringify(r.data) : null, received_at: now };
}

export function fromRow(r: WorkEventsTable): Record {
  return { kind: 'work_event', id: r.id, deviceId: r.device_id, event: r.event as WorkEventKind, at: r.at, zone: r.zone, mono: r.mono, ...(r.data ? { data: JSON.parse(r.data) as Record['data'] } : {}) };
}

export async function store(b: Batch, items: Item<'work_event'>[]): Promise<void> {
  const fresh = await newOnes(b, 'work_events', items);
  const written = await insertOnce(b, 'work_events', fresh, (r) => toRow(r, b.device, b.now));
  b.fresh.workEvents.push(...written.map((i) => i.record));
}

export async function read(db: Kysely<DB>, q: RecordRange): Promise<Record[]> {
  const rows = await db.selectFrom('work_events').selectAll().where('user_id', '=', q.userId).where('at', '>=', q.from).where('at', '<', q.to).orderBy('at').orderBy('id').limit(q.limit).execute();
  return rows.map(fromRow);
}
