// Report revisions: immutable, each with its own id, grouped by the report id the agent keeps
// for the day. The rules a revision must meet are the agent's own (shared/kpi-rules.ts).
import type { Kysely } from 'kysely';
import { needsReason } from '../../../shared/kpi.ts';
import type { ReportContent } from '../../../shared/plan.ts';
import type { SyncRecordOf } from '../../../shared/sync.ts';
import type { DB, ReportRevisionsTable } from '../../db/schema.ts';
import type { DeviceAuth } from '../../devices.ts';
import { teamKpis } from '../../team-kpis.ts';
import { reject } from '../validate.ts';
import { insertOnce, newOnes, selectIn, type Batch, type Item } from './batch.ts';
import type { RecordRange } from './range.ts';

type Record = SyncRecordOf<'report_revision'>;

export function toRow(r: Record, device: DeviceAuth, now: number): ReportRevisionsTable {
  const content: Omit<ReportContent, 'date'> = { items: r.items, unplanned: r.unplanned, kpis: r.kpis, blockers: r.blockers, note: r.note };
  return { id: r.id, device_id: device.deviceId, user_id: device.userId, report_id: r.reportId, date: r.date, revision: r.revision, zone: r.zone, submitted_at: r.submittedAt, content: JSON.stringify(content), received_at: now };
}

export function fromRow(r: ReportRevisionsTable): Record {
  const content = JSON.parse(r.content) as Omit<ReportContent, 'date'>;
  return { kind: 'report_revision', id: r.id, deviceId: r.device_id, reportId: r.report_id, date: r.date, revision: r.revision, zone: r.zone, submittedAt: r.submitted_at, items: content.items, unplanned: content.unplanned, kpis: content.kpis, blockers: content.blockers, note: content.note };
}

export async function read(db: Kysely<DB>, q: RecordRange): Promise<Record[]> {
  const rows = await db.selectFrom('report_revisions').selectAll().where('user_id', '=', q.userId).where('submitted_at', '>=', q.from).where('submitted_at', '<', q.to).orderBy('submitted_at').limit(q.limit).execute();
  return rows.map(fromRow);
}

/**
 * Report revisions are immutable, each with its own id. A new one is refused when the manager's
 * report of that day was approved (whatever its report id: the lock is per day), when its report
 * id belongs to another user, or when it misses a KPI without saying why.
 */
export async function store(b: Batch, items: Item<'report_revision'>[]): Promise<void> {
  const { tx, device, results } = b;
  const fresh = await newOnes(b, 'report_revisions', items);
  if (!fresh.length) return;

  // Claim the report ids first: the key makes a second user wait for the first and see its claim.
  const reportIds = [...new Set(fresh.map((i) => i.record.reportId))];
  await tx.insertInto('report_owners').values(reportIds.map((id) => ({ report_id: id, user_id: device.userId }))).onConflict((oc) => oc.column('report_id').doNothing()).execute();
  const owners = await selectIn(reportIds, (ids) => tx.selectFrom('report_owners').select(['report_id', 'user_id']).where('report_id', 'in', ids).execute());
  const foreign = new Set(owners.filter((o) => o.user_id !== device.userId).map((o) => o.report_id));
  const dates = [...new Set(fresh.map((i) => i.record.date))];
  const approved = await tx.selectFrom('report_reviews').select('date').where('user_id', '=', device.userId).where('date', 'in', dates).where('status', '=', 'approved').execute();
  const locked = new Set(approved.map((a) => a.date));
  const definitions = new Map((await teamKpis(tx, device.teamId)).map((d) => [d.key, d]));

  const accepted: Item<'report_revision'>[] = [];
  for (const item of fresh) {
    const r = item.record;
    if (foreign.has(r.reportId)) {
      results[item.index] = reject(r.id, 'id_taken', 'The report id belongs to another user.');
      continue;
    }
    if (locked.has(r.date)) {
      results[item.index] = reject(r.id, 'report_locked', 'Your report of this day was approved by your lead and can no longer be changed.');
      continue;
    }
    const missed = r.kpis.find((k) => {
      const d = definitions.get(k.key);
      return d && needsReason(d, k);
    });
    if (missed) {
      results[item.index] = reject(r.id, 'reason_required', `KPI ${missed.key} missed its target (${missed.actual} of ${missed.target}) and needs a reason.`);
      continue;
    }
    accepted.push(item);
  }
  const written = await insertOnce(b, 'report_revisions', accepted, (r) => toRow(r, device, b.now), 100);
  b.fresh.reports.push(...written.map((i) => i.record));
}
