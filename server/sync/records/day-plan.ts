// Day plans: one per manager and day, sent again with its id and a higher revision each time it
// changes; every revision is kept as received.
import type { Kysely } from 'kysely';
import type { PlanInput } from '../../../shared/plan.ts';
import type { SyncRecordOf } from '../../../shared/sync.ts';
import type { DayPlansTable, DB } from '../../db/schema.ts';
import { reject } from '../validate.ts';
import { stored, taken, type Batch, type Item } from './batch.ts';
import type { RecordRange } from './range.ts';

type Record = SyncRecordOf<'day_plan'>;

/** The plan's own fields (PlanInput), kept whole as JSON. */
function contentOf(r: Record): string {
  return JSON.stringify({ items: r.items, commitments: r.commitments, note: r.note } satisfies Required<Omit<PlanInput, 'date'>>);
}

export function fromRow(r: Pick<DayPlansTable, 'id' | 'device_id' | 'date' | 'zone' | 'submitted_at' | 'revision' | 'content'>): Record {
  const content = JSON.parse(r.content) as Pick<Record, 'items' | 'commitments' | 'note'>;
  return { kind: 'day_plan', id: r.id, deviceId: r.device_id, date: r.date, zone: r.zone, submittedAt: r.submitted_at, revision: r.revision, items: content.items, commitments: content.commitments, note: content.note };
}

/** The plans current for their day, by when they were submitted. */
export async function read(db: Kysely<DB>, q: RecordRange): Promise<Record[]> {
  const rows = await db.selectFrom('day_plans').selectAll().where('user_id', '=', q.userId).where('submitted_at', '>=', q.from).where('submitted_at', '<', q.to).orderBy('submitted_at').limit(q.limit).execute();
  return rows.map(fromRow);
}

/**
 * A manager has one plan per day, sent again with its id and a higher revision each time it
 * changes. Every revision received is kept (day_plan_revisions); the day's plan (day_plans) is
 * the highest revision, from whichever of the manager's devices it came.
 */
export async function store(b: Batch, items: Item<'day_plan'>[]): Promise<void> {
  const { tx, device, now, results } = b;
  for (const item of items) {
    const r = item.record;
    const content = contentOf(r);
    const owner = await tx.selectFrom('day_plan_revisions').select(['device_id', 'user_id', 'date']).where('plan_id', '=', r.id).executeTakeFirst();
    if (owner && owner.device_id !== device.deviceId) {
      results[item.index] = taken(r.id);
      continue;
    }
    if (owner && owner.date !== r.date) {
      results[item.index] = reject(r.id, 'id_taken', `This plan id is the plan of ${owner.date}; a plan for ${r.date} needs its own id.`);
      continue;
    }
    const revision = { plan_id: r.id, revision: r.revision, device_id: device.deviceId, user_id: device.userId, date: r.date, zone: r.zone, submitted_at: r.submittedAt, content, received_at: now };
    const added = await tx.insertInto('day_plan_revisions').values(revision).onConflict((oc) => oc.doNothing()).returning('plan_id').execute();
    results[item.index] = stored(r.id);
    if (!added.length) continue; // a replay
    const current = { id: r.id, device_id: device.deviceId, user_id: device.userId, date: r.date, zone: r.zone, submitted_at: r.submittedAt, revision: r.revision, content, received_at: now };
    // Insert the day's plan, or replace it if this revision is higher; one statement each, so
    // two devices racing for one day end with the higher revision whatever the order.
    const inserted = await tx.insertInto('day_plans').values(current).onConflict((oc) => oc.doNothing()).returning('id').execute();
    const replaced = inserted.length
      ? inserted
      : await tx.updateTable('day_plans').set(current).where('user_id', '=', device.userId).where('date', '=', r.date).where('revision', '<', r.revision).returning('id').execute();
    if (replaced.length) b.fresh.plans.push(r);
  }
}
