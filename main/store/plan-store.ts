// Plans, self-reports and the lead's reviews in the local database. Every submission is a new
// revision row; nothing is updated in place, so the history the lead sees is the history.
import type { DayPlan, PlanInput, ReportContent, ReportRevision, ReportStatus } from '../../shared/plan.ts';
import { bytesToUuid, uuidToBytes, uuidv7 } from '../../shared/uuid.ts';
import type { LocalStore } from './local-store.ts';

export interface Review {
  revision: number;
  status: Exclude<ReportStatus, 'submitted'>;
  comment: string | null;
  at: number;
}

type Row = Record<string, unknown>;

export class PlanStore {
  private readonly store: LocalStore;

  constructor(store: LocalStore) {
    this.store = store;
  }

  private get db() {
    return this.store.db;
  }

  savePlan(content: Required<Omit<PlanInput, 'items'>> & { items: DayPlan['items'] }, at: number, zone: string): DayPlan {
    return this.db.transaction(() => {
      const previous = this.plan(content.date);
      const revision = (previous?.revision ?? 0) + 1;
      const planId = previous?.id ?? uuidv7(at);
      const uid = uuidToBytes(uuidv7(at));
      this.db
        .prepare('INSERT INTO plan_revisions (uid, device, plan, date, revision, content, zone, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(uid, this.store.deviceRow, uuidToBytes(planId), content.date, revision, JSON.stringify(content), zone, Math.round(at));
      this.store.enqueue('day_plan', uid);
      return { ...content, id: planId, zone, submittedAt: Math.round(at), revision };
    })();
  }

  plan(date: string): DayPlan | null {
    const row = this.db.prepare('SELECT plan, revision, content, zone, submitted_at FROM plan_revisions WHERE date = ? ORDER BY revision DESC LIMIT 1').get(date) as
      | Row
      | undefined;
    return row ? toPlan(row) : null;
  }

  /** The latest plan of the nearest earlier day that has one. */
  planBefore(date: string): DayPlan | null {
    const row = this.db
      .prepare('SELECT plan, revision, content, zone, submitted_at FROM plan_revisions WHERE date < ? ORDER BY date DESC, revision DESC LIMIT 1')
      .get(date) as Row | undefined;
    return row ? toPlan(row) : null;
  }

  addReportRevision(content: ReportContent, at: number, zone: string): ReportRevision {
    return this.db.transaction(() => {
      const revisions = this.reportRevisions(content.date);
      const last = revisions.at(-1);
      const revision = (last?.revision ?? 0) + 1;
      const reportId = last?.reportId ?? uuidv7(at);
      const id = uuidv7(at);
      this.db
        .prepare('INSERT INTO report_revisions (uid, device, report, date, revision, content, zone, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(uuidToBytes(id), this.store.deviceRow, uuidToBytes(reportId), content.date, revision, JSON.stringify(content), zone, Math.round(at));
      this.store.enqueue('report_revision', uuidToBytes(id));
      return { ...content, id, reportId, revision, zone, submittedAt: Math.round(at) };
    })();
  }

  reportRevisions(date: string): ReportRevision[] {
    const rows = this.db.prepare('SELECT uid, report, revision, content, zone, submitted_at FROM report_revisions WHERE date = ? ORDER BY revision').all(date) as Row[];
    return rows.map((r) => ({
      ...(JSON.parse(r.content as string) as ReportContent),
      id: bytesToUuid(r.uid as Uint8Array),
      reportId: bytesToUuid(r.report as Uint8Array),
      revision: r.revision as number,
      zone: r.zone as string,
      submittedAt: r.submitted_at as number,
    }));
  }

  /** Dates (of those given) that have a report. */
  reportedDates(): Set<string> {
    return new Set((this.db.prepare('SELECT DISTINCT date FROM report_revisions').all() as { date: string }[]).map((r) => r.date));
  }

  addReview(date: string, review: Review): void {
    this.db
      .prepare('INSERT INTO report_reviews (date, revision, status, comment, at) VALUES (?, ?, ?, ?, ?)')
      .run(date, review.revision, review.status, review.comment, Math.round(review.at));
  }

  /** The latest review of the day's report, if any. */
  review(date: string): Review | null {
    const row = this.db.prepare('SELECT revision, status, comment, at FROM report_reviews WHERE date = ? ORDER BY id DESC LIMIT 1').get(date) as Row | undefined;
    return row ? { revision: row.revision as number, status: row.status as Review['status'], comment: (row.comment as string | null) ?? null, at: row.at as number } : null;
  }
}

function toPlan(row: Row): DayPlan {
  const content = JSON.parse(row.content as string) as Omit<DayPlan, 'id' | 'zone' | 'submittedAt' | 'revision'>;
  return { ...content, id: bytesToUuid(row.plan as Uint8Array), zone: row.zone as string, submittedAt: row.submitted_at as number, revision: row.revision as number };
}
