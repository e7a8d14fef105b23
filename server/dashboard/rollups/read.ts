// Reading the rollups back as the screens show them: a DayRow per manager-day (week, grid,
// exports), always from day_rollups and never from raw spans. A day without a row had nothing
// recorded; it still has a schedule and a report state.
import type { Kysely } from 'kysely';
import type { DayRow, ReportState } from '../../../shared/dashboard-api.ts';
import { defaultPolicy, PolicySchema, type Policy } from '../../../shared/policy.ts';
import { addDays, dayBounds, daysBetween, localDateOf, localTimeToUtc } from '../../../shared/time.ts';
import type { DB } from '../../db/schema.ts';
import { OPEN_DAY_TO } from './roll.ts';
import type { DayRollupsTable } from './schema.ts';

export type RollupRow = Omit<DayRollupsTable, 'summary' | 'span_totals'>;

/** The rollup columns every list needs (the day's whole summary is left for the day screen). */
export const ROW_COLUMNS = [
  'user_id', 'date', 'zone', 'day_start', 'day_from', 'day_to', 'worked_ms', 'break_ms', 'idle_kept_ms', 'idle_break_ms', 'idle_discarded_ms', 'idle_pending_ms',
  'paused_ms', 'gap_ms', 'private_ms', 'first_activity', 'last_activity', 'private_mode', 'sparkline', 'as_of', 'plan_id', 'plan_items', 'report_id',
  'report_revision', 'report_first_at', 'report_last_at', 'kpi_total', 'kpi_hit', 'kpi_missed', 'kpis', 'updated_at',
] as const satisfies readonly (keyof RollupRow)[];

/** Each team's policy (defaults where none is set). */
export async function teamPolicies(db: Kysely<DB>, teamIds: readonly (string | null)[]): Promise<Map<string, Policy>> {
  const ids = [...new Set(teamIds.filter((t): t is string => t !== null))];
  const out = new Map<string, Policy>();
  if (!ids.length) return out;
  const rows = await db.selectFrom('teams').select(['id', 'policy']).where('id', 'in', ids).execute();
  for (const r of rows) {
    const parsed = r.policy ? PolicySchema.safeParse(JSON.parse(r.policy)) : null;
    out.set(r.id, parsed?.success ? parsed.data : defaultPolicy());
  }
  return out;
}

export function policyOf(policies: Map<string, Policy>, teamId: string | null): Policy {
  return (teamId ? policies.get(teamId) : undefined) ?? defaultPolicy();
}

/** ISO weekday (1 = Monday) of a date. */
export function weekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export function isScheduled(policy: Policy, date: string): boolean {
  return policy.schedule.days.includes(weekday(date));
}

/** How late the first activity came against the schedule's start, or null (on time, not worked, not a working day). */
export function lateStart(policy: Policy, date: string, zone: string, firstActivity: number | null): number | null {
  if (firstActivity === null || !isScheduled(policy, date)) return null;
  const late = firstActivity - localTimeToUtc(date, policy.schedule.start, zone);
  return late > 0 ? late : null;
}

export interface ReviewState {
  status: 'approved' | 'returned';
  reviewed_at: number;
}

/** The latest review of each report. */
export async function latestReviews(db: Kysely<DB>, reportIds: readonly string[]): Promise<Map<string, ReviewState>> {
  const out = new Map<string, ReviewState>();
  for (let i = 0; i < reportIds.length; i += 500) {
    const rows = await db.selectFrom('report_reviews').select(['report_id', 'status', 'reviewed_at']).where('report_id', 'in', reportIds.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.report_id, { status: r.status, reviewed_at: Number(r.reviewed_at) });
  }
  return out;
}

export function reportFlags(
  row: Pick<RollupRow, 'report_id' | 'report_first_at' | 'report_last_at'> | null,
  review: ReviewState | undefined,
  day: { scheduled: boolean; to: number; now: number },
): DayRow['report'] {
  if (!row?.report_id) {
    // Due once the working day is over; not filed by then is missing.
    const state: ReportState = day.scheduled && day.now >= day.to ? 'missing' : 'none';
    return { state, reportId: null, late: false, resubmitted: false };
  }
  const late = Number(row.report_first_at) >= day.to;
  const last = Number(row.report_last_at);
  if (review?.status === 'approved') return { state: 'approved', reportId: row.report_id, late, resubmitted: false };
  if (review?.status === 'returned') {
    // A revision filed after the return waits for review again.
    const resubmitted = last > review.reviewed_at;
    return { state: resubmitted ? 'submitted' : 'returned', reportId: row.report_id, late, resubmitted };
  }
  return { state: 'submitted', reportId: row.report_id, late, resubmitted: false };
}

const num = (v: number | null) => (v === null ? null : Number(v));

/**
 * When a day's report is due (late after, missing from then): at the day start that ends the
 * working day. A session across the calendar's end moves the working day's end to its clock-out
 * (rollup's day_to), and the report asked at that clock-out is then due by the next day start
 * after it; while the session is still open it is not due yet.
 */
export function reportDueAt(date: string, zone: string, dayStart: string, dayTo: number | null, calendar = dayBounds(date, zone, dayStart).to): number {
  if (dayTo === null || dayTo <= calendar) return calendar;
  if (dayTo >= OPEN_DAY_TO) return OPEN_DAY_TO;
  return dayBounds(localDateOf(dayTo, zone, dayStart), zone, dayStart).to;
}

export function dayRow(date: string, row: RollupRow | undefined, ctx: { policy: Policy; zone: string; review: ReviewState | undefined; now: number }): DayRow {
  const scheduled = isScheduled(ctx.policy, date);
  const zone = row?.zone ?? ctx.zone;
  const to = row ? reportDueAt(date, zone, row.day_start, Number(row.day_to)) : dayBounds(date, zone, ctx.policy.dayStart).to;
  const first = row ? num(row.first_activity) : null;
  return {
    date,
    scheduled,
    workedMs: row ? Number(row.worked_ms) : 0,
    breakMs: row ? Number(row.break_ms) : 0,
    idle: {
      keptMs: row ? Number(row.idle_kept_ms) : 0,
      breakMs: row ? Number(row.idle_break_ms) : 0,
      discardedMs: row ? Number(row.idle_discarded_ms) : 0,
      pendingMs: row ? Number(row.idle_pending_ms) : 0,
    },
    pausedMs: row ? Number(row.paused_ms) : 0,
    gapMs: row ? Number(row.gap_ms) : 0,
    privateMs: row ? Number(row.private_ms) : 0,
    firstActivity: first,
    lastActivity: row ? num(row.last_activity) : null,
    lateStartMs: lateStart(ctx.policy, date, zone, first),
    plan: { filed: !!row?.plan_id, items: row ? Number(row.plan_items) : 0 },
    report: reportFlags(row ?? null, ctx.review, { scheduled, to, now: ctx.now }),
    kpis: { total: row ? Number(row.kpi_total) : 0, hit: row ? Number(row.kpi_hit) : 0, missed: row ? Number(row.kpi_missed) : 0 },
  };
}

export interface RowsUser {
  id: string;
  teamId: string | null;
}

/**
 * One DayRow per user and date from `from` to `to`: two reads (rollups, reviews) for any number
 * of people and days, plus the users' zones for days without a row.
 */
export async function dayRows(db: Kysely<DB>, users: readonly RowsUser[], from: string, to: string, now: number): Promise<Map<string, DayRow[]>> {
  const out = new Map<string, DayRow[]>();
  if (!users.length) return out;
  const ids = users.map((u) => u.id);
  const rows: RollupRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    rows.push(...(await db.selectFrom('day_rollups').select(ROW_COLUMNS).where('user_id', 'in', ids.slice(i, i + 500)).where('date', '>=', from).where('date', '<=', to).execute()));
  }
  const byUser = new Map<string, Map<string, RollupRow>>();
  for (const r of rows) {
    let m = byUser.get(r.user_id);
    if (!m) byUser.set(r.user_id, (m = new Map()));
    m.set(r.date, r);
  }
  const reviews = await latestReviews(db, rows.filter((r) => r.report_id).map((r) => r.report_id!));
  const policies = await teamPolicies(db, users.map((u) => u.teamId));
  const zones = await userZones(db, ids.filter((id) => !byUser.has(id)));
  const n = daysBetween(from, to);
  for (const u of users) {
    const mine = byUser.get(u.id);
    const zone = [...(mine?.values() ?? [])].at(-1)?.zone ?? zones.get(u.id) ?? 'UTC';
    const policy = policyOf(policies, u.teamId);
    const days: DayRow[] = [];
    for (let i = 0; i <= n; i++) {
      const date = addDays(from, i);
      const row = mine?.get(date);
      days.push(dayRow(date, row, { policy, zone, review: row?.report_id ? reviews.get(row.report_id) : undefined, now }));
    }
    out.set(u.id, days);
  }
  return out;
}

/** The zone each user's agent last reported (from their latest rollup), for days without a row. */
export async function userZones(db: Kysely<DB>, userIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of userIds) {
    const row = await db.selectFrom('day_rollups').select('zone').where('user_id', '=', id).orderBy('date', 'desc').limit(1).executeTakeFirst();
    if (row) out.set(id, row.zone);
  }
  return out;
}
