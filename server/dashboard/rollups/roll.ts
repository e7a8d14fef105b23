// Rolls a manager's working days up from their stored records: the same fold the agent shows in
// "My day" (shared/days.ts over shared/worktime.ts's segments), run once when the records arrive,
// so the dashboard reads one row per manager-day instead of summing spans on every call.
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { appendSpans, spanTotals, summarizeDayWith, type DaySummary, type SpanTotals } from '../../../shared/days.ts';
import { isMissed, type KpiDefinition } from '../../../shared/kpi.ts';
import type { ActivitySpan, IdleDecision, Productivity } from '../../../shared/model.ts';
import { MAX_SPAN_MS } from '../../../shared/sync.ts';
import { addDays, dayBounds, daysBetween, localDateOf } from '../../../shared/time.ts';
import { sessionsOf, workingDayBounds, type Session } from '../../../shared/working-days.ts';
import { deriveSegments, reduce, INITIAL_STATE, type WorkEvent } from '../../../shared/worktime.ts';
import type { Segment } from '../../../shared/model.ts';
import type { DB } from '../../db/schema.ts';
import { settingsFor } from '../../settings.ts';
import { storedSummary, writeActivity } from './stored-summary.ts';
import { keptQuery } from '../../db/kept-query.ts';

const HOUR = 3600_000;

/** How a user's days are cut: the zone their agent last reported and their team's dayStart. */
export interface DayFrame {
  zone: string;
  dayStart: string;
  kpis: KpiDefinition[];
}

/** The zone of the user's latest work event (their agent's zone); null before the first one. */
export async function userZone(db: Kysely<DB>, userId: string): Promise<string | null> {
  const [row] = await latestZone(db, { user: userId });
  return row?.zone ?? null;
}
// Every push asks (rollOnStore): built once (kept-query.ts).
const latestZone = keptQuery((db, p: { user: never }) => db.selectFrom('work_events').select('zone').where('user_id', '=', p.user).orderBy('at', 'desc').orderBy('id', 'desc').limit(1));

/**
 * userZone for many users in one statement (a screen of 100 managers would otherwise ask 100
 * times): each user's latest event found through the (user_id, at) index by a scalar subquery.
 */
export async function userZones(db: Kysely<DB>, userIds: readonly string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .selectFrom('users')
      .select((eb) => [
        'users.id',
        eb.selectFrom('work_events').select('work_events.zone').whereRef('work_events.user_id', '=', 'users.id').orderBy('work_events.at', 'desc').orderBy('work_events.id', 'desc').limit(1).as('zone'),
      ])
      .where('users.id', 'in', userIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, r.zone ?? null);
  }
  return out;
}

/**
 * The user's frame, or null while no work event has arrived: without one the zone is unknown,
 * and nothing can be worked before a clock-in anyway. The days are rolled when it arrives.
 */
export async function dayFrame(db: Kysely<DB>, userId: string): Promise<DayFrame | null> {
  const zone = await userZone(db, userId);
  if (!zone) return null;
  const settings = await settingsFor(db, userId);
  return { zone, dayStart: settings.policy.dayStart, kpis: settings.kpis };
}

export function toWorkEvent(r: { id: string; event: string; at: number; zone: string; mono: number; data: string | null }): WorkEvent {
  return { id: r.id, kind: r.event as WorkEvent['kind'], at: Number(r.at), zone: r.zone, mono: Number(r.mono), ...(r.data ? { data: JSON.parse(r.data) as WorkEvent['data'] } : {}) };
}

/**
 * The instant up to which the user's log is known: the latest work event or span end. The open
 * stretch of the log (clocked in, no event since) is counted up to here and no further.
 */
export async function knownUntil(db: Kysely<DB>, userId: string): Promise<number | null> {
  const ev = await db.selectFrom('work_events').select((eb) => eb.fn.max('at').as('at')).where('user_id', '=', userId).executeTakeFirst();
  // One device's spans never overlap (push checks it), so its span that starts last also ends
  // last: one step down the (device_id, start) index per device, however long the history.
  const last = await sql<{ end: number | string | null }>`select max((select a."end" from activity_spans a where a.device_id = d.id order by a.start desc limit 1)) as "end"
    from devices d where d.user_id = ${userId}`.execute(db);
  const end = last.rows[0]?.end;
  const spanEnd = end === null || end === undefined ? null : Number(end);
  const at = ev?.at === null || ev?.at === undefined ? null : Number(ev.at);
  if (at === null) return spanEnd;
  return spanEnd === null ? at : Math.max(at, spanEnd);
}

/**
 * The work events that decide the segments and sessions of [from, to): the log from the last
 * clock-out before `from` (after which the state is as at the start of the log) up to the end of
 * the session still running at `to` (its clock-out, or the end of the log while it is open), in
 * log order. The agent's event ids are UUIDv7 stamped in append order, so id order is the
 * agent's log order.
 */
async function eventsFor(db: Kysely<DB>, userId: string, from: number, to: number): Promise<WorkEvent[]> {
  const out = await db
    .selectFrom('work_events')
    .select('id')
    .where('user_id', '=', userId)
    .where('event', '=', 'clock_out')
    .where('at', '<', from)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const end = await db
    .selectFrom('work_events')
    .select('at')
    .where('user_id', '=', userId)
    .where('event', '=', 'clock_out')
    .where('at', '>=', to)
    .orderBy('at')
    .limit(1)
    .executeTakeFirst();
  let q = db.selectFrom('work_events').select(['id', 'event', 'at', 'zone', 'mono', 'data']).where('user_id', '=', userId);
  if (end) q = q.where('at', '<=', Number(end.at));
  if (out) q = q.where('id', '>=', out.id);
  const rows = await q.orderBy('id').execute();
  return rows.map(toWorkEvent);
}

function spanOf(r: { id: string; start: number; end: number; app: string; exe: string | null; title: string | null; domain: string | null; category: string; productivity: string }): ActivitySpan {
  return { id: r.id, start: Number(r.start), end: Number(r.end), app: r.app, exe: r.exe, title: r.title, domain: r.domain, category: r.category, productivity: r.productivity as Productivity };
}

/**
 * Worked ms per hour from the calendar day's start (23–25 hours across DST), and on past its end
 * while a session begun that day runs on (a night session until 05:00 adds the hour after 04:00).
 */
export function sparkline(summary: DaySummary): number[] {
  let until = summary.to;
  // The state layer decides (a day's app entries never reach past it): the summaries written by
  // a push that appended spans hold only their new app entries.
  for (const e of summary.timeline) if (e.kind !== 'activity' && e.end > until) until = e.end;
  const hours = Math.ceil((until - summary.from) / HOUR);
  const out = new Array<number>(hours).fill(0);
  for (const e of summary.timeline) {
    if (e.kind !== 'work') continue;
    for (let h = Math.max(0, Math.floor((e.start - summary.from) / HOUR)); h < hours; h++) {
      const s = Math.max(e.start, summary.from + h * HOUR);
      const end = Math.min(e.end, summary.from + (h + 1) * HOUR);
      if (end <= s) break;
      out[h]! += end - s;
    }
  }
  return out;
}

/** Whether private mode was on (while clocked in) at any time in [from, to). */
function privateModeIn(events: readonly WorkEvent[], from: number, to: number, until: number): boolean {
  let state = INITIAL_STATE;
  let since = -Infinity;
  const on = () => state.private.on && state.status !== 'clocked_out';
  for (const e of events) {
    if (on() && since < to && e.at > from) return true;
    state = reduce(state, e);
    since = e.at;
    if (on() && e.at >= from && e.at < to) return true;
  }
  return on() && since < to && until > from;
}

interface KpiEntry {
  key: string;
  target: number | null;
  actual: number;
  reason: string | null;
  reasonText: string;
}


/**
 * The dates whose working days a session across either end of `fromDate`..`toDate` joins to
 * them: back to the day such a session started on, on to the day it ends (or the log ends, while
 * it runs). A record inside a night session changes the day the session started on.
 */
function sessionReach(sessions: readonly Session[], frame: Pick<DayFrame, 'zone' | 'dayStart'>, fromDate: string, toDate: string, asOf: number): [string, string] {
  const from = dayBounds(fromDate, frame.zone, frame.dayStart).from;
  const to = dayBounds(toDate, frame.zone, frame.dayStart).to;
  let lo = fromDate;
  let hi = toDate;
  for (const s of sessions) {
    const end = s.end ?? Math.max(asOf, s.start + 1);
    if (s.start < from && end > from) {
      const d = dateIn(frame, s.start);
      if (d < lo) lo = d;
    }
    if (s.start < to && end > to) {
      const d = dateIn(frame, end - 1);
      if (d > hi) hi = d;
    }
  }
  return [lo, hi];
}

export interface RolledDay {
  date: string;
  summary: DaySummary;
  /** The day's spans summed (kept with the rollup, so later spans can be appended). */
  totals: SpanTotals;
  /** The working day's own bounds: the calendar's, each end moved past a session across it. */
  from: number;
  /** Infinity while a session begun that day is still open. */
  to: number;
  privateMode: boolean;
  asOf: number;
  /** The totals' activity layer starts at the entry the rollup kept last (foldDayAppending). */
  appended: boolean;
}

/** What decides a stretch of days apart from its spans: the log around it, read once. */
interface DaysLog {
  /** The days a session across either end joins to the ones asked for (sessionReach). */
  lo: string;
  hi: string;
  events: WorkEvent[];
  sessions: Session[];
  segments: Segment[];
  decisions: IdleDecision[];
  asOf: number;
  /** The range the days cover: from the first's start to the last's end (an open session's: asOf). */
  from: number;
  to: number;
}

async function readLog(db: Kysely<DB>, userId: string, fromDate: string, toDate: string, frame: Pick<DayFrame, 'zone' | 'dayStart'>): Promise<DaysLog> {
  const { zone, dayStart } = frame;
  const asOf0 = await knownUntil(db, userId);
  let events = await eventsFor(db, userId, dayBounds(fromDate, zone, dayStart).from, dayBounds(toDate, zone, dayStart).to);
  const [lo, hi] = sessionReach(sessionsOf(events), frame, fromDate, toDate, asOf0 ?? -Infinity);
  const calendarFrom = dayBounds(lo, zone, dayStart).from;
  const calendarTo = dayBounds(hi, zone, dayStart).to;
  // The first day's own start may be moved by a session from the day before it: read from the
  // last clock-out before that day's calendar start.
  if (lo !== fromDate || hi !== toDate) events = await eventsFor(db, userId, calendarFrom, calendarTo);
  const asOf = asOf0 ?? calendarFrom;
  const sessions = sessionsOf(events);
  const first = workingDayBounds(lo, zone, dayStart, sessions);
  const last = workingDayBounds(hi, zone, dayStart, sessions);
  const from = Math.min(first.from, calendarFrom);
  // An open session runs to the latest record.
  const to = Math.max(calendarTo, Number.isFinite(last.to) ? last.to : asOf);
  const segments = deriveSegments(events, asOf);
  const gapIds = [...new Set(segments.filter((s) => s.kind === 'idle' && s.gapId).map((s) => s.gapId!))];
  const decisions: IdleDecision[] = [];
  for (let i = 0; i < gapIds.length; i += 500) {
    const rows = await db
      .selectFrom('idle_decisions')
      .select(['gap_id', 'decision', 'label'])
      .where('user_id', '=', userId)
      .where('gap_id', 'in', gapIds.slice(i, i + 500))
      .orderBy('id')
      .execute();
    for (const d of rows) decisions.push({ gapId: d.gap_id, decision: d.decision as IdleDecision['decision'], ...(d.label !== null ? { label: d.label } : {}) });
  }
  return { lo, hi, events, sessions, segments, decisions, asOf, from, to };
}

/** One day of the log folded, its spans already summed for the day's bounds. */
function foldDay(log: DaysLog, date: string, frame: Pick<DayFrame, 'zone' | 'dayStart'>, totals: SpanTotals): RolledDay {
  const { zone, dayStart } = frame;
  const b = workingDayBounds(date, zone, dayStart, log.sessions);
  const segments = log.segments.filter((s) => s.end > b.from && s.start < b.to);
  const summary = summarizeDayWith({ date, zone, dayStart, segments, decisions: log.decisions, sessions: log.sessions }, totals);
  return { date, summary, totals, from: b.from, to: b.to, privateMode: b.from < b.to && privateModeIn(log.events, b.from, b.to, log.asOf), asOf: log.asOf, appended: false };
}

/**
 * The days `fromDate`..`toDate` of one user as the fold over everything stored for them, in the
 * given frame, widened to the days a session across either end joins to them (sessionReach).
 * A session belongs whole to the working day it started on (shared/working-days.ts), as in the
 * agent's My day. Pure reads: the caller writes (or compares) the result.
 */
export async function foldDays(db: Kysely<DB>, userId: string, fromDate: string, toDate: string, frame: Pick<DayFrame, 'zone' | 'dayStart'>): Promise<RolledDay[]> {
  const { zone, dayStart } = frame;
  const log = await readLog(db, userId, fromDate, toDate, frame);
  const spanRows = await db
    .selectFrom('activity_spans')
    .select(['id', 'start', 'end', 'app', 'exe', 'title', 'domain', 'category', 'productivity'])
    .where('device_id', 'in', db.selectFrom('devices').select('id').where('user_id', '=', userId))
    .where('start', '>=', log.from - MAX_SPAN_MS)
    .where('start', '<', log.to)
    .orderBy('start')
    .execute();
  const spans = spanRows.map(spanOf);

  const n = daysBetween(log.lo, log.hi);
  const out: RolledDay[] = [];
  // Spans are handed to each day's sum only where they touch it (the sum clips).
  let si = 0;
  for (let i = 0; i <= n; i++) {
    const date = addDays(log.lo, i);
    const b = workingDayBounds(date, zone, dayStart, log.sessions);
    while (si < spans.length && spans[si]!.start < b.from - MAX_SPAN_MS) si++;
    const daySpans: ActivitySpan[] = [];
    for (let j = si; j < spans.length && spans[j]!.start < b.to; j++) if (spans[j]!.end > b.from) daySpans.push(spans[j]!);
    out.push(foldDay(log, date, frame, spanTotals(b, daySpans)));
  }
  return out;
}

/**
 * The day `date` folded again with only `spans` added to what its rollup counted (`kept`, the
 * totals stored with it): a push of a minute's spans while the day's log stands. Null when that
 * does not give the fold over everything: a session joins another day to it, its bounds moved
 * since the totals were kept, or a span starts before the end of what they counted.
 */
export async function foldDayAppending(
  db: Kysely<DB>,
  userId: string,
  date: string,
  frame: Pick<DayFrame, 'zone' | 'dayStart'>,
  kept: SpanTotals,
  spans: readonly ActivitySpan[],
): Promise<RolledDay | null> {
  const log = await readLog(db, userId, date, date, frame);
  if (log.lo !== date || log.hi !== date) return null;
  const b = workingDayBounds(date, frame.zone, frame.dayStart, log.sessions);
  if (kept.from !== b.from || (kept.to ?? Infinity) !== b.to) return null;
  for (const s of spans) if (s.start < b.from || s.start >= b.to) return null;
  const totals = appendSpans(kept, spans);
  return totals && { ...foldDay(log, date, frame, totals), appended: true };
}

function hasAnything(s: DaySummary): boolean {
  return s.timeline.length > 0;
}

/** day_to of a working day whose session is still open: it has not ended (reports are not due). */
export const OPEN_DAY_TO = Number.MAX_SAFE_INTEGER;

/**
 * Writes the rollups of `fromDate`..`toDate` for one user, and of the days a session across
 * either end joins to them (foldDays): time from the fold, the plan and the report from their
 * latest revisions. Days with nothing in them get no row. Returns the dates rolled.
 */
export async function rollDays(db: Kysely<DB>, userId: string, fromDate: string, toDate: string, frame: DayFrame, now: number): Promise<string[]> {
  return writeRollups(db, userId, await foldDays(db, userId, fromDate, toDate, frame), frame, now);
}

/**
 * Writes folded days as the user's rollups (foldDays, foldDayAppending): time from the fold, the
 * plan and the report from their latest revisions. Days with nothing in them get no row.
 * Returns the dates written or removed.
 */
export async function writeRollups(db: Kysely<DB>, userId: string, days: readonly RolledDay[], frame: DayFrame, now: number, options: { redate?: boolean } = {}): Promise<string[]> {
  const redate = options.redate ?? true;
  if (!days.length) return [];
  const [fromDate, toDate] = [days[0]!.date, days.at(-1)!.date];
  const plans = await db
    .selectFrom('day_plans')
    .select(['id', 'date', 'revision', 'submitted_at', 'content'])
    .where('user_id', '=', userId)
    .where('date', '>=', fromDate)
    .where('date', '<=', toDate)
    .orderBy('submitted_at')
    .execute();
  const reports = await db
    .selectFrom('report_revisions')
    .select(['report_id', 'date', 'revision', 'submitted_at', 'content'])
    .where('user_id', '=', userId)
    .where('date', '>=', fromDate)
    .where('date', '<=', toDate)
    .orderBy('submitted_at')
    .execute();
  const planOf = new Map<string, { id: string; items: number }>();
  for (const p of plans) planOf.set(p.date, { id: p.id, items: (JSON.parse(p.content) as { items: unknown[] }).items.length });
  const reportOf = new Map<string, { id: string; revision: number; first: number; last: number; kpis: KpiEntry[] }>();
  for (const r of reports) {
    const known = reportOf.get(r.date);
    const kpis = (JSON.parse(r.content) as { kpis?: KpiEntry[] }).kpis ?? [];
    const at = Number(r.submitted_at);
    if (!known || known.id !== r.report_id || r.revision >= known.revision) {
      const first = known && known.id === r.report_id ? Math.min(known.first, at) : at;
      reportOf.set(r.date, { id: r.report_id, revision: r.revision, first, last: at, kpis });
    }
  }
  const defs = new Map(frame.kpis.map((d) => [d.key, d]));
  const devices = db.selectFrom('devices').select('id').where('user_id', '=', userId);
  const rolled: string[] = [];
  for (const day of days) {
    const plan = planOf.get(day.date) ?? null;
    const report = reportOf.get(day.date) ?? null;
    if (!hasAnything(day.summary) && !plan && !report) {
      // A day rolled earlier in another zone, or before a session moved its time to the day
      // before, may be empty now.
      await writeActivity(db, userId, day.date, null, false);
      const gone = await db.deleteFrom('day_rollups').where('user_id', '=', userId).where('date', '=', day.date).executeTakeFirst();
      if (Number(gone.numDeletedRows) > 0) rolled.push(day.date);
      continue;
    }
    // Records are dated by the working day they belong to: spans that came before the zone was
    // known, and records inside a session that began the day before (ingest dated them by the
    // calendar).
    // (Not needed when the caller dated every record the fold took in: `redate: false`.)
    if (redate && day.from < day.to) {
      const until = Math.min(day.to, Number.MAX_SAFE_INTEGER);
      const stale = (eb: ExpressionBuilder<DB, 'activity_spans' | 'work_events'>) => eb.or([eb('local_date', 'is', null), eb('local_date', '!=', day.date)]);
      await db.updateTable('activity_spans').set({ local_date: day.date }).where('device_id', 'in', devices).where('start', '>=', day.from).where('start', '<', until).where(stale).execute();
      await db.updateTable('work_events').set({ local_date: day.date }).where('user_id', '=', userId).where('at', '>=', day.from).where('at', '<', until).where(stale).execute();
    }
    const s = day.summary;
    const stored = storedSummary(s, day.totals);
    const kpis = report?.kpis ?? [];
    let hit = 0;
    let missed = 0;
    for (const k of kpis) {
      if (k.target === null) continue;
      const d = defs.get(k.key) ?? { direction: 'higher' as const };
      if (isMissed(d, k.target, k.actual)) missed++;
      else hit++;
    }
    const row = {
      zone: s.zone,
      day_start: s.dayStart,
      // The working day's bounds, moved by sessions across them (reports are late after day_to).
      day_from: day.from,
      day_to: Number.isFinite(day.to) ? day.to : OPEN_DAY_TO,
      worked_ms: s.workedMs,
      break_ms: s.breakMs,
      idle_kept_ms: s.idle.keptMs,
      idle_break_ms: s.idle.breakMs,
      idle_discarded_ms: s.idle.discardedMs,
      idle_pending_ms: s.idle.pendingMs,
      paused_ms: s.pausedMs,
      gap_ms: s.gapMs,
      private_ms: s.privateMs,
      first_activity: s.firstActivity,
      last_activity: s.lastActivity,
      private_mode: day.privateMode ? 1 : 0,
      sparkline: JSON.stringify(sparkline(s)),
      summary: stored.summary,
      as_of: day.asOf,
      plan_id: plan?.id ?? null,
      plan_items: plan?.items ?? 0,
      report_id: report?.id ?? null,
      report_revision: report?.revision ?? null,
      report_first_at: report?.first ?? null,
      report_last_at: report?.last ?? null,
      kpi_total: hit + missed,
      kpi_hit: hit,
      kpi_missed: missed,
      kpis: JSON.stringify(kpis),
      span_totals: stored.span_totals,
      updated_at: now,
    };
    await db
      .insertInto('day_rollups')
      .values({ user_id: userId, date: day.date, ...row })
      .onConflict((oc) => oc.columns(['user_id', 'date']).doUpdateSet(row))
      .execute();
    // Appended entries go after the ones stored (this user's pushes are one at a time: push.ts lockUsersOf).
    await writeActivity(db, userId, day.date, stored.activity, day.appended);
    rolled.push(day.date);
  }
  return rolled;
}

/** Working days whose bounds were worked out lately, per zone and day start (newest last). */
const recentDays = new Map<string, { date: string; from: number; to: number }[]>();
const RECENT_DAYS = 16;

/**
 * The working date of an instant in the frame. Every stored record asks this, and the zone's
 * offset costs a formatting call, so the bounds of recently met days are kept: records come
 * mostly in time order, and one day's records then cost one formatting call, not one each.
 */
export function dateIn(frame: Pick<DayFrame, 'zone' | 'dayStart'>, at: number): string {
  const key = `${frame.zone}\u0000${frame.dayStart}`;
  let days = recentDays.get(key);
  if (!days) {
    if (recentDays.size > 64) recentDays.clear();
    days = [];
    recentDays.set(key, days);
  }
  for (let i = days.length - 1; i >= 0; i--) {
    const d = days[i]!;
    if (at >= d.from && at < d.to) return d.date;
  }
  const date = localDateOf(at, frame.zone, frame.dayStart);
  days.push({ date, ...dayBounds(date, frame.zone, frame.dayStart) });
  if (days.length > RECENT_DAYS) days.shift();
  return date;
}
