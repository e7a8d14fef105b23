// Reading synced records back, in the same wire shape the agent sent (shared/sync.ts), so the
// dashboard and the manager see exactly what was recorded and sent.
import type { Kysely } from 'kysely';
import type { RecordKind, SyncRecord } from '../shared/sync.ts';
import type { WorkEventKind } from '../shared/worktime.ts';
import type { DB } from './db/schema.ts';

export interface RecordQuery {
  userId: string;
  kind: RecordKind;
  /** Inclusive lower and exclusive upper bound, UTC ms, on the record's own time. */
  from: number;
  to: number;
  limit: number;
}

export async function readRecords(db: Kysely<DB>, q: RecordQuery): Promise<SyncRecord[]> {
  switch (q.kind) {
    case 'work_event': {
      const rows = await db.selectFrom('work_events').selectAll().where('user_id', '=', q.userId).where('at', '>=', q.from).where('at', '<', q.to).orderBy('at').orderBy('id').limit(q.limit).execute();
      return rows.map((r) => ({
        kind: 'work_event',
        id: r.id,
        deviceId: r.device_id,
        event: r.event as WorkEventKind,
        at: r.at,
        zone: r.zone,
        mono: r.mono,
        ...(r.data ? { data: JSON.parse(r.data) as object } : {}),
      }));
    }
    case 'activity_span': {
      // Through the user's devices: activity_spans is indexed by (device_id, start) only.
      const rows = await db
        .selectFrom('activity_spans')
        .selectAll()
        .where('device_id', 'in', (eb) => eb.selectFrom('devices').select('id').where('user_id', '=', q.userId))
        .where('start', '>=', q.from).where('start', '<', q.to).orderBy('start').limit(q.limit).execute();
      return rows.map((r) => ({
        kind: 'activity_span',
        id: r.id,
        deviceId: r.device_id,
        start: r.start,
        end: r.end,
        app: r.app,
        exe: r.exe,
        title: r.title,
        domain: r.domain,
        category: r.category,
        productivity: r.productivity as 'productive' | 'neutral' | 'unproductive',
      }));
    }
    case 'idle_decision': {
      const rows = await db.selectFrom('idle_decisions').selectAll().where('user_id', '=', q.userId).where('at', '>=', q.from).where('at', '<', q.to).orderBy('at').limit(q.limit).execute();
      return rows.map((r) => ({
        kind: 'idle_decision',
        id: r.id,
        deviceId: r.device_id,
        gapId: r.gap_id,
        decision: r.decision as 'keep' | 'break' | 'discard',
        ...(r.label !== null ? { label: r.label } : {}),
        at: r.at,
        zone: r.zone,
      }));
    }
    case 'day_plan': {
      const rows = await db.selectFrom('day_plans').selectAll().where('user_id', '=', q.userId).where('submitted_at', '>=', q.from).where('submitted_at', '<', q.to).orderBy('submitted_at').limit(q.limit).execute();
      return rows.map((r) => ({ kind: 'day_plan', id: r.id, deviceId: r.device_id, date: r.date, zone: r.zone, submittedAt: r.submitted_at, revision: r.revision, ...JSON.parse(r.content) }));
    }
    case 'report_revision': {
      const rows = await db.selectFrom('report_revisions').selectAll().where('user_id', '=', q.userId).where('submitted_at', '>=', q.from).where('submitted_at', '<', q.to).orderBy('submitted_at').limit(q.limit).execute();
      return rows.map((r) => ({
        kind: 'report_revision',
        id: r.id,
        deviceId: r.device_id,
        reportId: r.report_id,
        date: r.date,
        revision: r.revision,
        zone: r.zone,
        submittedAt: r.submitted_at,
        ...JSON.parse(r.content),
      }));
    }
  }
}

export interface DayOverview {
  date: string;
  plan: { id: string; revision: number; submittedAt: number; items: number } | null;
  report: { reportId: string; revision: number; submittedAt: number; status: 'submitted' | 'approved' | 'returned'; comment: string | null } | null;
}

/** Per local date: the latest plan and the latest report revision with its review. */
export async function readDays(db: Kysely<DB>, userId: string, from: string, to: string): Promise<DayOverview[]> {
  const plans = await db.selectFrom('day_plans').select(['id', 'date', 'revision', 'submitted_at', 'content']).where('user_id', '=', userId).where('date', '>=', from).where('date', '<=', to).orderBy('submitted_at').execute();
  const reports = await db
    .selectFrom('report_revisions')
    .leftJoin('report_reviews', 'report_reviews.report_id', 'report_revisions.report_id')
    .select(['report_revisions.report_id', 'report_revisions.date', 'report_revisions.revision', 'report_revisions.submitted_at', 'report_reviews.status', 'report_reviews.comment', 'report_reviews.reviewed_at'])
    .where('report_revisions.user_id', '=', userId)
    .where('report_revisions.date', '>=', from)
    .where('report_revisions.date', '<=', to)
    .orderBy('report_revisions.submitted_at')
    .execute();
  const days = new Map<string, DayOverview>();
  const day = (date: string) => days.get(date) ?? days.set(date, { date, plan: null, report: null }).get(date)!;
  for (const p of plans) {
    const items = (JSON.parse(p.content) as { items: unknown[] }).items.length;
    day(p.date).plan = { id: p.id, revision: p.revision, submittedAt: p.submitted_at, items };
  }
  for (const r of reports) {
    // A revision filed after a "returned" verdict is waiting for review again.
    const reviewed = r.status && r.reviewed_at !== null && (r.status === 'approved' || r.reviewed_at >= r.submitted_at);
    day(r.date).report = {
      reportId: r.report_id,
      revision: r.revision,
      submittedAt: r.submitted_at,
      status: reviewed ? (r.status as 'approved' | 'returned') : 'submitted',
      comment: reviewed ? (r.comment ?? null) : null,
    };
  }
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
}
