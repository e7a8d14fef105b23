// The end-of-day self-report, one row per revision (history is never rewritten), and the lead's
// reviews of it as the hub hands them down (local only: the hub has them). The revision row,
// the ReportRevision the agent reads and the wire record are mapped here and nowhere else.
import type { Statement } from 'better-sqlite3';
import type { ReportContent, ReportRevision, ReportStatus } from '../../shared/plan.ts';
import type { SyncRecordOf } from '../../shared/sync.ts';
import { bytesToUuid, uuidToBytes, uuidv7 } from '../../shared/uuid.ts';
import type { StoreContext, SyncedKind } from './context.ts';

export interface Review {
  revision: number;
  status: Exclude<ReportStatus, 'submitted'>;
  comment: string | null;
  at: number;
}

interface Row {
  uid: Uint8Array;
  device: number;
  report: Uint8Array;
  date: string;
  revision: number;
  content: string;
  zone: string;
  submitted_at: number;
}

export function toRow(r: ReportRevision, device: number): Row {
  const { id, reportId, revision, zone, submittedAt, ...content } = r;
  return { uid: uuidToBytes(id), device, report: uuidToBytes(reportId), date: r.date, revision, content: JSON.stringify(content), zone, submitted_at: submittedAt };
}

export function fromRow(r: Row): ReportRevision {
  return { ...(JSON.parse(r.content) as ReportContent), id: bytesToUuid(r.uid), reportId: bytesToUuid(r.report), revision: r.revision, zone: r.zone, submittedAt: r.submitted_at };
}

export function toRecord(r: ReportRevision, deviceId: string): SyncRecordOf<'report_revision'> {
  return { ...r, kind: 'report_revision', deviceId };
}

export class ReportRevisions implements SyncedKind<'report_revision'> {
  readonly table = 'report_revisions';
  readonly keyedByStart = false;
  private readonly ctx: StoreContext;
  private readonly stmt: Record<'insert' | 'ofDate' | 'byUid' | 'dates' | 'insertReview' | 'latestReview', Statement>;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
    const columns = 'uid, device, report, date, revision, content, zone, submitted_at';
    const s = (sql: string) => ctx.db.prepare(sql);
    this.stmt = {
      insert: s(`INSERT INTO report_revisions (${columns}) VALUES (@uid, @device, @report, @date, @revision, @content, @zone, @submitted_at)`),
      ofDate: s(`SELECT ${columns} FROM report_revisions WHERE date = ? ORDER BY revision`),
      byUid: s(`SELECT ${columns} FROM report_revisions WHERE uid = ?`),
      dates: s('SELECT DISTINCT date FROM report_revisions'),
      insertReview: s('INSERT INTO report_reviews (date, revision, status, comment, at) VALUES (?, ?, ?, ?, ?)'),
      latestReview: s('SELECT revision, status, comment, at FROM report_reviews WHERE date = ? ORDER BY id DESC LIMIT 1'),
    };
  }

  /** Files the day's report as its next revision (the first one makes the report's id). */
  add(content: ReportContent, at: number, zone: string): ReportRevision {
    return this.ctx.transaction(() => {
      const last = this.ofDate(content.date).at(-1);
      const reportId = last?.reportId ?? uuidv7(at);
      const revision: ReportRevision = { ...content, id: uuidv7(at), reportId, revision: (last?.revision ?? 0) + 1, zone, submittedAt: Math.round(at) };
      this.ctx.insertSynced('report_revision', this.stmt.insert, toRow(revision, this.ctx.deviceRow));
      return revision;
    });
  }

  /** The day's revisions, oldest first. */
  ofDate(date: string): ReportRevision[] {
    return (this.stmt.ofDate.all(date) as Row[]).map(fromRow);
  }

  /** Every date that has a report. */
  dates(): Set<string> {
    return new Set((this.stmt.dates.all() as { date: string }[]).map((r) => r.date));
  }

  record(uid: Uint8Array): SyncRecordOf<'report_revision'> | null {
    const row = this.stmt.byUid.get(uid) as Row | undefined;
    return row ? toRecord(fromRow(row), this.ctx.deviceId(row.device)) : null;
  }

  addReview(date: string, review: Review): void {
    this.stmt.insertReview.run(date, review.revision, review.status, review.comment, Math.round(review.at));
  }

  /** The latest review of the day's report, if any. */
  review(date: string): Review | null {
    const row = this.stmt.latestReview.get(date) as { revision: number; status: Review['status']; comment: string | null; at: number } | undefined;
    return row ? { revision: row.revision, status: row.status, comment: row.comment ?? null, at: row.at } : null;
  }
}
