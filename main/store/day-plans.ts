// The morning plan. Every submission is a new revision row, never an update in place, so the
// history the lead sees is the history; the latest revision per date is the plan. On the wire
// each revision carries the plan's own id, stable across revisions (the row's uid stays local).
// The row, the DayPlan the agent reads and the wire record are mapped here and nowhere else.
import type { Statement } from 'better-sqlite3';
import type { DayPlan } from '../../shared/plan.ts';
import type { SyncRecordOf } from '../../shared/sync.ts';
import { bytesToUuid, uuidToBytes, uuidv7 } from '../../shared/uuid.ts';
import type { StoreContext, SyncedKind } from './context.ts';

/** What the manager files: the plan without what the store gives it. */
export type PlanContent = Omit<DayPlan, 'id' | 'zone' | 'submittedAt' | 'revision'>;

interface Row {
  uid: Uint8Array;
  device: number;
  plan: Uint8Array;
  date: string;
  revision: number;
  content: string;
  zone: string;
  submitted_at: number;
}

export function toRow(p: DayPlan, uid: Uint8Array, device: number): Row {
  const { id: _id, zone, submittedAt, revision, ...content } = p;
  return { uid, device, plan: uuidToBytes(p.id), date: p.date, revision, content: JSON.stringify(content), zone, submitted_at: submittedAt };
}

export function fromRow(r: Row): DayPlan {
  return { ...(JSON.parse(r.content) as PlanContent), id: bytesToUuid(r.plan), zone: r.zone, submittedAt: r.submitted_at, revision: r.revision };
}

export function toRecord(p: DayPlan, deviceId: string): SyncRecordOf<'day_plan'> {
  return { ...p, kind: 'day_plan', deviceId };
}

export class DayPlans implements SyncedKind<'day_plan'> {
  readonly table = 'plan_revisions';
  readonly keyedByStart = false;
  private readonly ctx: StoreContext;
  private readonly stmt: Record<'insert' | 'latest' | 'latestBefore' | 'byUid', Statement>;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
    const columns = 'uid, device, plan, date, revision, content, zone, submitted_at';
    const s = (sql: string) => ctx.db.prepare(sql);
    this.stmt = {
      insert: s(`INSERT INTO plan_revisions (${columns}) VALUES (@uid, @device, @plan, @date, @revision, @content, @zone, @submitted_at)`),
      latest: s(`SELECT ${columns} FROM plan_revisions WHERE date = ? ORDER BY revision DESC LIMIT 1`),
      latestBefore: s(`SELECT ${columns} FROM plan_revisions WHERE date < ? ORDER BY date DESC, revision DESC LIMIT 1`),
      byUid: s(`SELECT ${columns} FROM plan_revisions WHERE uid = ?`),
    };
  }

  /** Files the day's plan as its next revision (the first one makes the plan's id). */
  save(content: PlanContent, at: number, zone: string): DayPlan {
    return this.ctx.transaction(() => {
      const previous = this.forDate(content.date);
      const plan: DayPlan = { ...content, id: previous?.id ?? uuidv7(at), zone, submittedAt: Math.round(at), revision: (previous?.revision ?? 0) + 1 };
      this.ctx.insertSynced('day_plan', this.stmt.insert, toRow(plan, uuidToBytes(uuidv7(at)), this.ctx.deviceRow));
      return plan;
    });
  }

  /** The day's plan: its latest revision. */
  forDate(date: string): DayPlan | null {
    const row = this.stmt.latest.get(date) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** The latest plan of the nearest earlier day that has one. */
  before(date: string): DayPlan | null {
    const row = this.stmt.latestBefore.get(date) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  record(uid: Uint8Array): SyncRecordOf<'day_plan'> | null {
    const row = this.stmt.byUid.get(uid) as Row | undefined;
    return row ? toRecord(fromRow(row), this.ctx.deviceId(row.device)) : null;
  }
}
