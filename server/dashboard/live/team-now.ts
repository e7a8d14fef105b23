// "Team now": every manager's state from their agents' latest heartbeat (or, from agents that
// send none, their latest work event), today's figures from the day rollups. A fixed number of
// reads whatever the team's size.
import type { Kysely } from 'kysely';
import { OFFLINE_AFTER_MS, type PresenceState, type TeamNow, type TeamNowMember, type TeamRef, type UserRef } from '../../../shared/dashboard-api.ts';
import { addDays, dayBounds, localDateOf, localTimeToUtc } from '../../../shared/time.ts';
import type { DB } from '../../db/schema.ts';
import { dayRow, latestReviews, policyOf, ROW_COLUMNS, teamPolicies, type RollupRow } from '../rollups/read.ts';

export interface NowUser extends UserRef {
  teamName: string | null;
}

type Presence = { state: TeamNowMember['state']; since: number | null; pauseReason: TeamNowMember['pauseReason']; label: string | null; current: TeamNowMember['current']; at: number; zone: string | null };

const HOUR = 3600_000;

/** The state from the latest work event, for agents that send no heartbeat. */
function stateOfEvent(event: string): PresenceState {
  switch (event) {
    case 'clock_in':
    case 'resume':
    case 'unpause':
      return 'working';
    case 'break':
      return 'break';
    case 'pause':
      return 'paused';
    case 'clock_out':
      return 'clocked_out';
    default:
      return 'working';
  }
}

async function presenceOf(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, Presence>> {
  const out = new Map<string, Presence>();
  if (!ids.length) return out;
  const rows = await db.selectFrom('presence').selectAll().where('user_id', 'in', ids).execute();
  for (const r of rows) {
    const known = out.get(r.user_id);
    if (known && known.at >= Number(r.at)) continue;
    out.set(r.user_id, {
      state: r.state as PresenceState,
      since: r.since === null ? null : Number(r.since),
      pauseReason: r.pause_reason as TeamNowMember['pauseReason'],
      label: r.label,
      current: r.category && r.productivity ? { category: r.category, productivity: r.productivity as 'productive' } : null,
      at: Number(r.at),
      zone: r.zone,
    });
  }
  // Agents without heartbeats: their latest event says the state (each user's found through a
  // scalar subquery, so a big team costs one statement, not one per manager).
  const silent = ids.filter((id) => !out.has(id));
  for (let i = 0; i < silent.length; i += 500) {
    const latest = db
      .selectFrom('users')
      .select((eb) => eb.selectFrom('work_events as w').select('w.id').whereRef('w.user_id', '=', 'users.id').orderBy('w.id', 'desc').limit(1).as('id'))
      .where('users.id', 'in', silent.slice(i, i + 500));
    const events = await db.selectFrom('work_events').select(['user_id', 'event', 'at', 'zone', 'received_at']).where('id', 'in', latest).execute();
    for (const e of events) out.set(e.user_id, { state: stateOfEvent(e.event), since: Number(e.at), pauseReason: null, label: null, current: null, at: Number(e.received_at), zone: e.zone });
  }
  return out;
}

export async function teamNow(db: Kysely<DB>, users: readonly NowUser[], teams: readonly TeamRef[], now: number): Promise<TeamNow> {
  const ids = users.map((u) => u.id);
  const presence = await presenceOf(db, ids);
  const lastSeen = new Map<string, number>();
  if (ids.length) {
    const rows = await db.selectFrom('devices').select(['user_id', (eb) => eb.fn.max('last_seen_at').as('seen')]).where('user_id', 'in', ids).groupBy('user_id').execute();
    for (const r of rows) if (r.seen !== null) lastSeen.set(r.user_id, Number(r.seen));
  }
  const policies = await teamPolicies(db, users.map((u) => u.teamId));
  // Today is each manager's own: two dates either side of UTC's cover every zone.
  const utc = localDateOf(now, 'UTC', '00:00');
  const rows: RollupRow[] = ids.length
    ? await db.selectFrom('day_rollups').select(ROW_COLUMNS).where('user_id', 'in', ids).where('date', '>=', addDays(utc, -2)).where('date', '<=', addDays(utc, 1)).execute()
    : [];
  const byUser = new Map<string, Map<string, RollupRow>>();
  for (const r of rows) {
    let m = byUser.get(r.user_id);
    if (!m) byUser.set(r.user_id, (m = new Map()));
    m.set(r.date, r);
  }
  const reviews = await latestReviews(db, rows.filter((r) => r.report_id).map((r) => r.report_id!));
  const teamName = new Map(teams.map((t) => [t.id, t.name]));

  const members: TeamNowMember[] = users.map((u) => {
    const policy = policyOf(policies, u.teamId);
    const p = presence.get(u.id);
    const mine = byUser.get(u.id);
    const zone = p?.zone ?? [...(mine?.values() ?? [])].sort((a, b) => a.date.localeCompare(b.date)).at(-1)?.zone ?? 'UTC';
    // Still in a session begun the day before (past the day start at night): that is today.
    const calendarDate = localDateOf(now, zone, policy.dayStart);
    const before = mine?.get(addDays(calendarDate, -1));
    const date = before && Number(before.day_to) > now ? addDays(calendarDate, -1) : calendarDate;
    const yesterday = addDays(date, -1);
    const row = mine?.get(date);
    const yRow = mine?.get(yesterday);
    const today = dayRow(date, row, { policy, zone, review: row?.report_id ? reviews.get(row.report_id) : undefined, now });
    const y = dayRow(yesterday, yRow, { policy, zone, review: yRow?.report_id ? reviews.get(yRow.report_id) : undefined, now });
    const seen = Math.max(lastSeen.get(u.id) ?? -Infinity, p?.at ?? -Infinity);
    const lastSeenAt = Number.isFinite(seen) ? seen : null;
    let state: PresenceState = p?.state ?? 'clocked_out';
    let since = p?.since ?? null;
    if (lastSeenAt === null) [state, since] = ['never', null];
    else if (now - lastSeenAt > OFFLINE_AFTER_MS) [state, since] = ['offline', lastSeenAt];
    // The open stretch since the last record counts as worked while the agent says it works.
    const bounds = dayBounds(date, zone, policy.dayStart);
    const asOf = row ? Number(row.as_of) : bounds.from;
    const live = state === 'working' ? Math.max(0, now - Math.max(asOf, since ?? asOf, bounds.from)) : 0;
    const hours = Math.ceil((bounds.to - bounds.from) / HOUR);
    const sparkline: number[] = row ? (JSON.parse(row.sparkline) as number[]) : new Array<number>(hours).fill(0);
    if (live > 0) {
      for (let t = now - live; t < now; ) {
        const h = Math.floor((t - bounds.from) / HOUR);
        const end = Math.min(now, bounds.from + (h + 1) * HOUR);
        // Past the calendar day's end only while the session begun that day runs on.
        while (h >= sparkline.length) sparkline.push(0);
        if (h >= 0) sparkline[h]! += end - t;
        t = end;
      }
    }
    const firstActivity = today.firstActivity ?? (live > 0 ? now - live : null);
    const pastStart = today.scheduled && now >= localTimeToUtc(date, policy.schedule.start, zone);
    return {
      user: { id: u.id, name: u.name, email: u.email, teamId: u.teamId },
      team: { id: u.teamId ?? '', name: u.teamName ?? (u.teamId ? (teamName.get(u.teamId) ?? '') : '') },
      state,
      since,
      pauseReason: state === 'paused' ? (p?.pauseReason ?? null) : null,
      label: state === 'working' ? (p?.label ?? null) : null,
      lastSeenAt,
      current: state === 'working' ? (p?.current ?? null) : null,
      today: {
        date,
        scheduled: today.scheduled,
        workedMs: today.workedMs + live,
        breakMs: today.breakMs,
        idlePendingMs: today.idle.pendingMs,
        firstActivity,
        lateStartMs: today.lateStartMs ?? (today.firstActivity === null && firstActivity !== null && today.scheduled ? lateOf(date, zone, policy.schedule.start, firstActivity) : null),
        sparkline,
      },
      notStarted: pastStart && firstActivity === null,
      plan: today.plan,
      yesterday: { date: yesterday, report: y.report },
    };
  });

  const count = (f: (m: TeamNowMember) => boolean) => members.filter(f).length;
  return {
    serverTime: now,
    offlineAfterMs: OFFLINE_AFTER_MS,
    teams: [...teams],
    counters: {
      total: members.length,
      working: count((m) => m.state === 'working'),
      onBreak: count((m) => m.state === 'break'),
      paused: count((m) => m.state === 'paused'),
      offline: count((m) => m.state === 'offline' || m.state === 'never'),
      notStarted: count((m) => m.notStarted),
      noPlan: count((m) => m.today.scheduled && !m.plan.filed),
      noReportYesterday: count((m) => m.yesterday.report.state === 'missing'),
    },
    members,
  };
}

function lateOf(date: string, zone: string, time: string, first: number): number | null {
  const late = first - localTimeToUtc(date, time, zone);
  return late > 0 ? late : null;
}
