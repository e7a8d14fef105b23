// Reading synced records back, in the same wire shape the agent sent (shared/sync.ts), so the
// dashboard and the manager see exactly what was recorded and sent.
import type { Kysely } from 'kysely';
import type { RecordKind, SyncRecord } from '../shared/sync.ts';
import type { DB } from './db/schema.ts';
import { RECORD_MODULES, type RecordRange } from './sync/records/index.ts';

export interface RecordQuery extends RecordRange {
  kind: RecordKind;
}

export async function readRecords(db: Kysely<DB>, q: RecordQuery): Promise<SyncRecord[]> {
  return RECORD_MODULES[q.kind].read(db, q);
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
