// The reports inbox: per day and person, submitted / late / missing (by the schedule) / returned /
// approved; a review (approve with an optional comment and a 1–5 rating, or return with a
// comment); and bulk approval of the clean ones. A review takes a change number (reviews.ts), so
// the agent's next pull brings it and the push answer's latestChange tells it to pull.
import type { Kysely } from 'kysely';
import { MAX_RANGE_DAYS, type InboxRow, type ReportState, type Review } from '../../shared/dashboard-api.ts';
import { isMissed, mergeKpis, type KpiDefinition } from '../../shared/kpi.ts';
import { datesBetween, isWorkday } from '../../shared/periods.ts';
import { dayBounds, daysBetween } from '../../shared/time.ts';
import { requireUser } from '../access.ts';
import type { HubApp, HubContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { HubError, notFound } from '../errors.ts';
import { reportOwner, reviewReport } from '../reviews.ts';
import { reportDueAt } from './rollups/read.ts';
import { userZones } from './rollups/roll.ts';
import { signedInRoute } from './route.ts';
import { forbiddenForManagers, teamFrames, type TeamFrame } from './frames.ts';
import { scopeUsers, userRefs, type ScopedUser } from './scope.ts';

export const DEFAULT_ZONE = 'Europe/Kyiv';

export function checkRange(from: string, to: string): void {
  const days = daysBetween(from, to) + 1;
  if (days < 1) throw new HubError(400, 'invalid_request', '`to` is before `from`.');
  if (days > MAX_RANGE_DAYS) throw new HubError(400, 'invalid_request', `A range may hold at most ${MAX_RANGE_DAYS} days.`);
}

export interface ReportKpi {
  key: string;
  target: number | null;
  actual: number;
  reason: string | null;
  reasonText: string;
}

// The inbox counts each of its hundreds of rows against one team's definitions: keyed once.
const definitionsByKey = new WeakMap<readonly KpiDefinition[], Map<string, KpiDefinition>>();

export function kpiCounts(kpis: readonly ReportKpi[], definitions: readonly KpiDefinition[]) {
  let byKey = definitionsByKey.get(definitions);
  if (!byKey) definitionsByKey.set(definitions, (byKey = new Map(definitions.map((d) => [d.key, d]))));
  let hit = 0;
  let missed = 0;
  for (const k of kpis) {
    const def = byKey.get(k.key) ?? { direction: 'higher' as const };
    if (isMissed(def, k.target, k.actual)) missed++;
    else if (k.target !== null) hit++;
  }
  return { total: kpis.length, hit, missed };
}

export interface Filed {
  reportId: string;
  revision: number;
  firstAt: number;
  lastAt: number;
  kpis: ReportKpi[];
}

/**
 * Each user-day's latest report (by time filed, then revision) with when the day's first one was
 * filed, for users and dates, by user and then date: one statement over the revisions' small
 * columns. The latest report's KPI entries come from the day's rollup, which keeps them
 * (rollups/roll.ts), where it holds that same revision, so no report is read whole; otherwise (a
 * report filed before its author's first clock-in, or two revisions under one number) from the
 * revision itself. A quarter of a hundred managers is thousands of rows: they are matched through
 * maps by user and date rather than by keys joined per row.
 */
export async function filedReports(db: Kysely<DB>, userIds: readonly string[], from: string, to: string): Promise<Map<string, Map<string, Filed>>> {
  if (!userIds.length) return new Map();
  const rows = await db
    .selectFrom('report_revisions')
    .select(['id', 'report_id', 'user_id', 'date', 'revision', 'submitted_at'])
    .where('user_id', 'in', [...userIds])
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('submitted_at')
    .orderBy('revision')
    .execute();
  if (!rows.length) return new Map();
  interface Latest {
    id: string;
    reportId: string;
    revision: number;
    firstAt: number;
    lastAt: number;
    kpis: string | undefined;
  }
  const latest = new Map<string, Map<string, Latest>>();
  // Revisions seen per report: a number held twice is never taken from the rollup.
  const revisions = new Map<string, number[]>();
  for (const r of rows) {
    const at = Number(r.submitted_at);
    const byDate = latest.get(r.user_id) ?? latest.set(r.user_id, new Map()).get(r.user_id)!;
    const first = byDate.get(r.date)?.firstAt ?? at;
    byDate.set(r.date, { id: r.id, reportId: r.report_id, revision: r.revision, firstAt: Math.min(first, at), lastAt: at, kpis: undefined });
    const seen = revisions.get(r.report_id);
    if (seen) seen.push(r.revision);
    else revisions.set(r.report_id, [r.revision]);
  }
  const once = (f: Latest) => {
    const seen = revisions.get(f.reportId)!;
    return seen.length === 1 || seen.filter((v) => v === f.revision).length === 1;
  };
  // The rollups' copies: (user_id, date, report_id, report_revision, kpis) is an index on SQLite.
  for (let i = 0; i < userIds.length; i += 500) {
    const held = await db
      .selectFrom('day_rollups')
      .select(['user_id', 'date', 'report_id', 'report_revision', 'kpis'])
      .where('user_id', 'in', userIds.slice(i, i + 500))
      .where('date', '>=', from)
      .where('date', '<=', to)
      .where('report_id', 'is not', null)
      .execute();
    for (const r of held) {
      const f = latest.get(r.user_id)?.get(r.date);
      if (f && f.reportId === r.report_id && f.revision === r.report_revision && once(f)) f.kpis = r.kpis;
    }
  }
  const whole: string[] = [];
  for (const byDate of latest.values()) for (const f of byDate.values()) if (f.kpis === undefined) whole.push(f.id);
  const contents = new Map<string, string>();
  for (let i = 0; i < whole.length; i += 500) {
    for (const r of await db.selectFrom('report_revisions').select(['id', 'content']).where('id', 'in', whole.slice(i, i + 500)).execute()) contents.set(r.id, r.content);
  }
  const out = new Map<string, Map<string, Filed>>();
  for (const [userId, byDate] of latest) {
    const mine = new Map<string, Filed>();
    for (const [date, f] of byDate) {
      const kpis = f.kpis !== undefined ? (JSON.parse(f.kpis) as ReportKpi[]) : ((JSON.parse(contents.get(f.id)!) as { kpis?: ReportKpi[] }).kpis ?? []);
      mine.set(date, { reportId: f.reportId, revision: f.revision, firstAt: f.firstAt, lastAt: f.lastAt, kpis });
    }
    out.set(userId, mine);
  }
  return out;
}

export interface DayReport {
  state: ReportState;
  reportId: string | null;
  late: boolean;
  resubmitted: boolean;
  returnedBefore: boolean;
  filed: Filed | null;
  review: { status: 'approved' | 'returned'; comment: string; rating: number | null; reviewedAt: number } | null;
  /** From the day's rollup (0 without one). */
  workedMs: number;
}

/** Report state of every user-day in the range, by the team's schedule and the user's zone. */
export async function dayReports(db: Kysely<DB>, users: readonly ScopedUser[], frames: Map<string, TeamFrame>, from: string, to: string, now: number): Promise<Map<string, DayReport>> {
  const ids = users.map((u) => u.id);
  const filed = await filedReports(db, ids, from, to);
  const latest = new Set<string>();
  for (const byDate of filed.values()) for (const f of byDate.values()) latest.add(f.reportId);
  const reportIds = [...latest];
  const reviews = reportIds.length ? await db.selectFrom('report_reviews').select(['report_id', 'status', 'comment', 'rating', 'reviewed_at']).where('report_id', 'in', reportIds).execute() : [];
  const returned = reportIds.length
    ? await db.selectFrom('report_review_log').select(['user_id', 'date']).where('user_id', 'in', ids).where('date', '>=', from).where('date', '<=', to).where('status', '=', 'returned').execute()
    : [];
  const returnedDays = new Set(returned.map((r) => `${r.user_id}/${r.date}`));
  // Where a session ran past a day's end, its report is due later (rollups/read.ts reportDueAt).
  // The time worked comes along: (user_id, date, worked_ms, day_to) is an index.
  const rolled = new Map<string, { dayTo: number; workedMs: number }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('day_rollups')
      .select(['user_id', 'date', 'day_to', 'worked_ms'])
      .where('user_id', 'in', ids.slice(i, i + 500))
      .where('date', '>=', from)
      .where('date', '<=', to)
      .execute();
    for (const r of rows) rolled.set(`${r.user_id}/${r.date}`, { dayTo: Number(r.day_to), workedMs: Number(r.worked_ms) });
  }
  // Each date's calendar end once per zone and day start, not once per person (a hundred
  // managers mostly share one zone).
  const calendarEnds = new Map<string, number>();
  const calendarEnd = (date: string, zone: string, dayStart: string) => {
    const key = `${date} ${zone} ${dayStart}`;
    let end = calendarEnds.get(key);
    if (end === undefined) calendarEnds.set(key, (end = dayBounds(date, zone, dayStart).to));
    return end;
  };
  const reviewOf = new Map(reviews.map((r) => [r.report_id, r]));
  const out = new Map<string, DayReport>();
  const zones = await userZones(db, ids);
  const dates = datesBetween(from, to);
  for (const u of users) {
    const frame = (u.teamId && frames.get(u.teamId)) || null;
    const zone = zones.get(u.id) ?? DEFAULT_ZONE;
    for (const date of dates) {
      const key = `${u.id}/${date}`;
      const f = filed.get(u.id)?.get(date) ?? null;
      const day = rolled.get(key);
      const dayStart = frame?.dayStart ?? '04:00';
      const due = reportDueAt(date, zone, dayStart, day?.dayTo ?? null, calendarEnd(date, zone, dayStart));
      const r = f ? reviewOf.get(f.reportId) : undefined;
      const review = r ? { status: r.status, comment: r.comment, rating: r.rating, reviewedAt: r.reviewed_at } : null;
      let state: ReportState;
      let resubmitted = false;
      if (f) {
        if (review?.status === 'approved') state = 'approved';
        else if (review?.status === 'returned' && review.reviewedAt >= f.lastAt) state = 'returned';
        else {
          state = 'submitted';
          resubmitted = review?.status === 'returned';
        }
      } else {
        const scheduled = frame ? isWorkday(date, frame.days) : false;
        state = scheduled && now >= due ? 'missing' : 'none';
      }
      out.set(key, { state, reportId: f?.reportId ?? null, late: f !== null && f.firstAt >= due, resubmitted, returnedBefore: returnedDays.has(key), filed: f, review, workedMs: day?.workedMs ?? 0 });
    }
  }
  return out;
}

async function reviewView(db: Kysely<DB>, reportId: string): Promise<Review> {
  const r = await db.selectFrom('report_reviews').selectAll().where('report_id', '=', reportId).executeTakeFirstOrThrow();
  const refs = await userRefs(db, [r.reviewed_by]);
  return { status: r.status, comment: r.comment, rating: r.rating, reviewer: refs.get(r.reviewed_by) ?? null, at: r.reviewed_at, revision: r.revision ?? 0 };
}

export function registerReports(app: HubApp, ctx: HubContext): void {
  const { db } = ctx;

  signedInRoute(app, ctx, 'inbox', async ({ actor, query }) => {
    forbiddenForManagers(actor);
    checkRange(query.from, query.to);
    const users = await scopeUsers(db, actor, { teamId: query.teamId });
    const frames = await teamFrames(db, users);
    const days = await dayReports(db, users, frames, query.from, query.to, ctx.now());
    const rows: InboxRow[] = [];
    const counts = { submitted: 0, late: 0, missing: 0, returned: 0, approved: 0, resubmitted: 0 };
    const dates = datesBetween(query.from, query.to);
    for (const u of users) {
      const frame = u.teamId ? frames.get(u.teamId) : undefined;
      for (const date of dates) {
        const d = days.get(`${u.id}/${date}`)!;
        if (d.state === 'none') continue;
        if (d.state === 'submitted') counts.submitted++;
        if (d.state === 'missing') counts.missing++;
        if (d.state === 'returned') counts.returned++;
        if (d.state === 'approved') counts.approved++;
        if (d.late) counts.late++;
        if (d.resubmitted) counts.resubmitted++;
        const kpis = d.filed ? kpiCounts(d.filed.kpis, frame?.kpis ?? mergeKpis([])) : { total: 0, hit: 0, missed: 0 };
        const row: InboxRow = {
          user: { id: u.id, name: u.name, email: u.email, teamId: u.teamId },
          team: { id: u.teamId ?? '', name: u.teamName ?? '' },
          date,
          report: { state: d.state, reportId: d.reportId, late: d.late, resubmitted: d.resubmitted },
          revision: d.filed?.revision ?? null,
          submittedAt: d.filed?.lastAt ?? null,
          kpis,
          returnedBefore: d.returnedBefore,
          clean: d.filed !== null && kpis.missed === 0 && !d.returnedBefore,
          workedMs: d.workedMs,
          review: d.review ? { status: d.review.status, comment: d.review.comment, rating: d.review.rating } : null,
        };
        const f = query.filter;
        const keep =
          f === 'all' ||
          (f === 'to_review' && d.state === 'submitted') ||
          (f === 'late' && d.late) ||
          (f !== 'to_review' && f !== 'late' && f === d.state);
        if (keep) rows.push(row);
      }
    }
    rows.sort((a, b) => b.date.localeCompare(a.date) || a.team.name.localeCompare(b.team.name) || a.user.name.localeCompare(b.user.name));
    return { from: query.from, to: query.to, counts, rows };
  });

  /** The report, its owner checked: 404 unless the caller may act on the owner's reports. */
  async function reviewable(actor: Parameters<typeof requireUser>[1], reportId: string) {
    const owner = await reportOwner(db, reportId);
    if (!owner) throw notFound('The report');
    try {
      await requireUser(db, actor, owner.user_id, 'read');
    } catch {
      throw notFound('The report');
    }
    await requireUser(db, actor, owner.user_id, 'manage');
    const latest = await db.selectFrom('report_revisions').select((eb) => eb.fn.max('revision').as('revision')).where('report_id', '=', reportId).executeTakeFirstOrThrow();
    return { ...owner, revision: Number(latest.revision) };
  }

  signedInRoute(app, ctx, 'review', async ({ actor, params, body, raw }) => {
    const report = await reviewable(actor, params.reportId);
    await reviewReport(db, { reportId: params.reportId, userId: report.user_id, date: report.date, reviewerId: actor.userId, status: body.status, comment: body.comment, rating: body.rating, revision: report.revision }, ctx.now());
    raw.log.info({ reportId: params.reportId, status: body.status, by: actor.userId }, 'report reviewed');
    await ctx.live?.reportReviewed(db, { userId: report.user_id, date: report.date, reportId: params.reportId, state: body.status });
    return { review: await reviewView(db, params.reportId) };
  });

  signedInRoute(app, ctx, 'approveClean', async ({ actor, body, raw }) => {
    forbiddenForManagers(actor);
    const approved: string[] = [];
    const skipped: { reportId: string; reason: 'not_clean' | 'already_approved' | 'not_found' }[] = [];
    for (const reportId of [...new Set(body.reportIds)]) {
      let report;
      try {
        report = await reviewable(actor, reportId);
      } catch {
        skipped.push({ reportId, reason: 'not_found' });
        continue;
      }
      const current = await db.selectFrom('report_reviews').select('status').where('report_id', '=', reportId).executeTakeFirst();
      if (current?.status === 'approved') {
        skipped.push({ reportId, reason: 'already_approved' });
        continue;
      }
      const user = (await scopeUsers(db, actor, { userId: report.user_id }, { includeDeactivated: true }))[0]!;
      const frames = await teamFrames(db, [user]);
      const day = (await dayReports(db, [user], frames, report.date, report.date, ctx.now())).get(`${user.id}/${report.date}`)!;
      const frame = user.teamId ? frames.get(user.teamId) : undefined;
      const missed = day.filed ? kpiCounts(day.filed.kpis, frame?.kpis ?? mergeKpis([])).missed : 0;
      // Clean: nothing missed, never returned, and the report the lead saw is still the day's latest.
      if (missed > 0 || day.returnedBefore || day.reportId !== reportId) {
        skipped.push({ reportId, reason: 'not_clean' });
        continue;
      }
      await reviewReport(db, { reportId, userId: report.user_id, date: report.date, reviewerId: actor.userId, status: 'approved', comment: body.comment, rating: null, revision: report.revision }, ctx.now());
      approved.push(reportId);
      await ctx.live?.reportReviewed(db, { userId: report.user_id, date: report.date, reportId, state: 'approved' });
    }
    raw.log.info({ approved: approved.length, skipped: skipped.length, by: actor.userId }, 'clean reports approved');
    return { approved, skipped };
  });
}
