// KPIs in the dashboard: the team's own definitions and targets (per team or manager, per day or
// month), plan against fact over a day / week / month / quarter with the pace still needed, the
// misses grouped by reason, the leaderboard and a manager's own standing on it (which also
// travels to the agent in the sync pull).
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { KpiProgressRowSchema, Period, Standing, UserRef } from '../../shared/dashboard-api.ts';
import { crmDiffers, isMissed, KpiDefinitionSchema, mergeKpis, MISS_REASONS, type KpiDefinition, type MissReason } from '../../shared/kpi.ts';
import { attainment, bandOf, compositeScore, gapsTo, rank, thresholds } from '../../shared/leaderboard.ts';
import { addDays, daysBetween, localDateOf } from '../../shared/time.ts';
import { isoWeekday, nextMonth, periodOf, workdaysBetween, type PeriodKind } from '../../shared/periods.ts';
import { KpiTargetSchema, type KpiTarget } from '../../shared/sync.ts';
import { requireUser } from '../access.ts';
import { nextSeq } from '../changes.ts';
import type { HubApp, HubContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { setTeamKpis, settingsForUsers, setUserTargets } from '../settings.ts';
import { currencyOf, forbiddenForManagers, teamFrames } from './frames.ts';
import { teamView } from './people.ts';
import { checkRange, DEFAULT_ZONE, filedReports, type ReportKpi } from './reports.ts';
import { userZone } from './rollups/roll.ts';
import { signedInRoute } from './route.ts';
import { requireTeam, scopeUsers, userRef, type ScopedUser } from './scope.ts';

type ProgressRow = z.infer<typeof KpiProgressRowSchema>;
const WORKWEEK = [1, 2, 3, 4, 5];

/** Each user-day's latest report's KPI entries (by time filed), by user and date. */
async function reportedKpis(db: Kysely<DB>, userIds: readonly string[], from: string, to: string): Promise<Map<string, Map<string, ReportKpi[]>>> {
  const out = new Map<string, Map<string, ReportKpi[]>>();
  for (const [userId, byDate] of await filedReports(db, userIds, from, to)) out.set(userId, new Map([...byDate].map(([date, f]) => [date, f.kpis])));
  return out;
}

/** CRM (and other systems') figures per user and KPI, by date (the newest figure of each day). */
async function crmFacts(db: Kysely<DB>, userIds: readonly string[], from: string, to: string): Promise<Map<string, Map<string, number>>> {
  if (!userIds.length) return new Map();
  const rows = await db.selectFrom('kpi_actuals').select(['user_id', 'key', 'date', 'value', 'updated_at']).where('user_id', 'in', [...userIds]).where('date', '>=', from).where('date', '<=', to).orderBy('updated_at').execute();
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const userKey = `${r.user_id}/${r.key}`;
    (out.get(userKey) ?? out.set(userKey, new Map()).get(userKey)!).set(r.date, Number(r.value));
  }
  return out;
}

/**
 * A KPI's target over a period: a day target times the working days in it; a month target pro
 * rata by working days for each month the period touches. Null when neither is set.
 */
export function periodTarget(targets: readonly KpiTarget[], key: string, period: Pick<Period, 'from' | 'to'>, days: readonly number[]): number | null {
  const day = targets.find((t) => t.key === key && t.period === 'day');
  if (day) return day.value * workdaysBetween(period.from, period.to, days);
  const month = targets.find((t) => t.key === key && t.period === 'month');
  if (!month) return null;
  let total = 0;
  for (let first = `${period.from.slice(0, 7)}-01`; first <= period.to; first = nextMonth(first)) {
    const last = addDays(nextMonth(first), -1);
    const inMonth = workdaysBetween(first, last, days);
    const overlap = workdaysBetween(first < period.from ? period.from : first, last > period.to ? period.to : last, days);
    if (inMonth) total += (month.value * overlap) / inMonth;
  }
  return total;
}

/** One KPI's plan against fact; `differs` says the CRM disagreed with the reported figures. */
export function progressRow(def: Pick<KpiDefinition, 'key' | 'direction'>, fact: number, target: number | null, period: Period, crmFact: number | null, differs: boolean): ProgressRow {
  if (target === null) return { key: def.key, fact, target: null, remaining: null, requiredPace: null, expectedByNow: null, attainment: null, status: 'no_target', crmFact, crmDiffers: differs };
  const remaining = target - fact;
  const expectedByNow = period.workdays ? (target * period.workdaysElapsed) / period.workdays : target;
  const ratio = expectedByNow === 0 ? (def.direction === 'higher' ? 1 : fact === 0 ? 1 : 0) : fact / expectedByNow;
  const status =
    def.direction === 'higher' ? (ratio >= 1.1 ? 'ahead' : ratio >= 0.9 ? 'on_track' : 'behind') : ratio <= 0.9 ? 'ahead' : ratio <= 1.1 ? 'on_track' : 'behind';
  return {
    key: def.key,
    fact,
    target,
    remaining,
    requiredPace: period.workdaysLeft ? remaining / period.workdaysLeft : null,
    expectedByNow,
    attainment: attainment(def.direction, fact, target),
    status: expectedByNow === 0 && period.workdaysElapsed === 0 ? 'on_track' : status,
    crmFact,
    crmDiffers: differs,
  };
}

interface UserProgress {
  user: ScopedUser;
  rows: ProgressRow[];
}

/** Plan against fact for each user over the period. */
async function progressOf(db: Kysely<DB>, users: readonly ScopedUser[], period: Period): Promise<{ kpis: KpiDefinition[]; users: UserProgress[] }> {
  const frames = await teamFrames(db, users);
  const reported = await reportedKpis(db, users.map((u) => u.id), period.from, period.to);
  const crm = await crmFacts(db, users.map((u) => u.id), period.from, period.to);
  const firstFrame = users.map((u) => (u.teamId ? frames.get(u.teamId) : undefined)).find((f) => f);
  const kpis = firstFrame?.kpis ?? mergeKpis([]);
  const settings = await settingsForUsers(db, users.map((u) => u.id));
  const out: UserProgress[] = [];
  for (const user of users) {
    const frame = user.teamId ? frames.get(user.teamId) : undefined;
    const defs = frame?.kpis ?? mergeKpis([]);
    const targets = settings.get(user.id)?.targets ?? [];
    const facts = new Map<string, number>();
    const byDate = new Map<string, Map<string, number>>();
    // The figures by date are only compared with the CRM's: not kept where it has none.
    const compared = crm.size > 0;
    for (const [date, entries] of reported.get(user.id) ?? []) {
      for (const k of entries) {
        facts.set(k.key, (facts.get(k.key) ?? 0) + k.actual);
        if (compared) (byDate.get(k.key) ?? byDate.set(k.key, new Map()).get(k.key)!).set(date, k.actual);
      }
    }
    const rows: ProgressRow[] = [];
    for (const def of defs) {
      const target = periodTarget(targets, def.key, period, frame?.days ?? WORKWEEK);
      const crmDays = crm.get(`${user.id}/${def.key}`);
      const crmFact = crmDays ? [...crmDays.values()].reduce((a, b) => a + b, 0) : null;
      // A KPI only the CRM counts (no target, never self-reported) still shows its CRM figure.
      if (target === null && !facts.has(def.key) && crmFact === null) continue;
      // Compared day by day where both have a figure: the CRM may lack some days of the period
      // (connected mid-month, a day's pull failed), and sums over different days always differ.
      const mine = byDate.get(def.key);
      const differs = [...(crmDays ?? [])].some(([date, value]) => crmDiffers(mine?.get(date) ?? null, value));
      rows.push(progressRow(def, facts.get(def.key) ?? 0, target, period, crmFact, differs));
    }
    out.push({ user, rows });
  }
  return { kpis, users: out };
}

function totalRows(kpis: readonly KpiDefinition[], users: readonly UserProgress[], period: Period): ProgressRow[] {
  const out: ProgressRow[] = [];
  for (const def of kpis) {
    const rows = users.flatMap((u) => u.rows.filter((r) => r.key === def.key));
    if (!rows.length) continue;
    const targets = rows.map((r) => r.target).filter((x): x is number => x !== null);
    const crm = rows.map((r) => r.crmFact).filter((x): x is number => x !== null);
    // One manager over and another under can cancel out in a sum: the total differs when any
    // manager's row does.
    out.push(progressRow(def, rows.reduce((n, r) => n + r.fact, 0), targets.length ? targets.reduce((a, b) => a + b, 0) : null, period, crm.length ? crm.reduce((a, b) => a + b, 0) : null, rows.some((r) => r.crmDiffers)));
  }
  return out;
}

/** "Today" for a group of people: the first one's local working date (their zone and the team's dayStart). */
async function todayFor(db: Kysely<DB>, users: readonly ScopedUser[], now: number): Promise<string> {
  const first = users[0];
  const zone = (first && (await userZone(db, first.id))) ?? DEFAULT_ZONE;
  const frame = first?.teamId ? (await teamFrames(db, [first])).get(first.teamId) : undefined;
  return localDateOf(now, zone, frame?.dayStart ?? '04:00');
}

async function periodFor(db: Kysely<DB>, users: readonly ScopedUser[], kind: PeriodKind, date: string | undefined, now: number): Promise<Period> {
  const today = await todayFor(db, users, now);
  const first = users[0];
  const frame = first?.teamId ? (await teamFrames(db, [first])).get(first.teamId) : undefined;
  return periodOf(kind, date ?? today, today, frame?.days ?? WORKWEEK);
}

/** The board over the given people for a period: ranked by composite attainment or one KPI's. */
export async function board(db: Kysely<DB>, users: readonly ScopedUser[], period: Period, kpi: string) {
  const progress = await progressOf(db, users, period);
  const worked = await db
    .selectFrom('day_rollups')
    .select(['user_id'])
    .select((eb) => eb.fn.sum<number>('worked_ms').as('ms'))
    .where('user_id', 'in', users.length ? users.map((u) => u.id) : [''])
    .where('date', '>=', period.from)
    .where('date', '<=', period.to)
    .groupBy('user_id')
    .execute();
  const workedBy = new Map(worked.map((w) => [w.user_id, Number(w.ms)]));
  const directions = new Map(progress.kpis.map((d) => [d.key, d]));
  const scored = progress.users.map((p) => {
    const one = kpi === 'all' ? null : (p.rows.find((r) => r.key === kpi) ?? null);
    const score = kpi === 'all' ? compositeScore(p.rows.map((r) => r.attainment)) : (one?.attainment ?? null);
    const workLeft = p.rows
      .filter((r) => r.remaining !== null && r.remaining > 0 && directions.get(r.key)?.direction !== 'lower' && (kpi === 'all' || r.key === kpi))
      .map((r) => ({ key: r.key, remaining: r.remaining!, requiredPace: r.requiredPace }));
    return { p, score, one, workLeft };
  });
  const ranked = rank(scored, (s) => s.score);
  const scores = ranked.filter((r) => r.rank !== null).map((r) => r.item.score!);
  const count = scores.length;
  const best = count ? scores[0]! : null;
  const sorted = [...scores].sort((a, b) => a - b);
  const median = count ? (count % 2 ? sorted[(count - 1) / 2]! : (sorted[count / 2 - 1]! + sorted[count / 2]!) / 2) : null;
  const stats = { count, average: count ? scores.reduce((a, b) => a + b, 0) / count : null, median, best, worst: count ? scores[count - 1]! : null };
  const rows = ranked.map((r, i) => ({
    rank: r.rank ?? i + 1,
    user: userRef({ id: r.item.p.user.id, email: r.item.p.user.email, name: r.item.p.user.name, team_id: r.item.p.user.teamId }),
    score: r.item.score,
    band: r.rank === null ? null : bandOf(r.rank, count),
    fact: r.item.one?.fact ?? null,
    target: r.item.one?.target ?? null,
    gapToLeader: best === null || r.item.score === null ? null : best - r.item.score,
    workLeft: r.item.workLeft,
    workedMs: workedBy.get(r.item.p.user.id) ?? 0,
  }));
  return { stats, rows, kpis: progress.kpis, scores };
}

/** A manager's own view of their team's board (the pull and the standing route). */
export async function standingOf(db: Kysely<DB>, userId: string, kind: PeriodKind, date: string | undefined, now: number): Promise<Standing | null> {
  const user = await db.selectFrom('users').select(['id', 'team_id', 'role']).where('id', '=', userId).executeTakeFirstOrThrow();
  // Managers are ranked; a lead's or admin's own agent has no standing.
  if (!user.team_id || user.role !== 'manager') return null;
  const team = await db.selectFrom('teams').select(['leaderboard_named']).where('id', '=', user.team_id).executeTakeFirstOrThrow();
  const members = await db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.id', 'users.email', 'users.name', 'users.team_id', 'users.role', 'teams.name as team_name'])
    .where('users.team_id', '=', user.team_id)
    .where('users.role', '=', 'manager')
    .where('users.deactivated_at', 'is', null)
    .execute();
  const users: ScopedUser[] = members.map((m) => ({ ...userRef(m), role: m.role, teamName: m.team_name ?? null }));
  const me = users.find((u) => u.id === userId);
  const ordered = me ? [me, ...users.filter((u) => u.id !== userId)] : users;
  const period = await periodFor(db, ordered, kind, date, now);
  const b = await board(db, ordered, period, 'all');
  const mine = b.rows.find((r) => r.user.id === userId);
  const defs = new Map(b.kpis.map((d) => [d.key, d]));
  return {
    period,
    kpi: 'all',
    count: b.stats.count,
    score: mine?.score ?? null,
    band: mine?.band ?? null,
    team: { average: b.stats.average, best: b.stats.best },
    gaps: gapsTo(mine?.score ?? null, thresholds(b.scores)),
    workLeft: (mine?.workLeft ?? []).map((w) => {
      const d = defs.get(w.key);
      return { ...w, names: d?.names ?? { uk: w.key, ru: w.key, en: w.key }, unit: d?.unit ?? 'count' };
    }),
    board: Number(team.leaderboard_named) === 1 ? b.rows.filter((r) => r.score !== null).map((r) => ({ rank: r.rank, name: r.user.name, score: r.score, me: r.user.id === userId })) : null,
  };
}

/** Bucket of a date for the misses over time: its week's Monday, or its month's first day. */
function bucketOf(date: string, weekly: boolean): string {
  return weekly ? addDays(date, 1 - isoWeekday(date)) : `${date.slice(0, 7)}-01`;
}

export function registerKpis(app: HubApp, ctx: HubContext): void {
  const { db } = ctx;

  signedInRoute(app, ctx, 'teamKpis', async ({ actor, params }) => {
    const team = await requireTeam(db, actor, params.teamId, 'read');
    const own = (await teamFrames(db, [{ teamId: team.id }])).get(team.id)!;
    const members = await db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'team_id', 'targets'])
      .where('team_id', '=', team.id)
      .where('role', '=', 'manager')
      .where('deactivated_at', 'is', null)
      .execute();
    const ownDefs = KpiDefinitionSchema.array().catch([]).parse(JSON.parse(team.kpis));
    return {
      team: { id: team.id, name: team.name },
      own: ownDefs,
      kpis: own.kpis,
      targets: own.targets,
      members: members
        .map((m) => ({ user: userRef(m), targets: m.targets ? KpiTargetSchema.array().parse(JSON.parse(m.targets)) : null }))
        .sort((a, b) => a.user.name.localeCompare(b.user.name)),
    };
  });

  signedInRoute(app, ctx, 'setTeamKpis', async ({ actor, params, body, raw }) => {
    const team = await requireTeam(db, actor, params.teamId, 'write');
    await setTeamKpis(db, team.id, body);
    raw.log.info({ teamId: team.id, by: actor.userId }, 'team KPIs and targets changed');
    return { ok: true as const };
  });

  signedInRoute(app, ctx, 'setUserTargets', async ({ actor, params, body, raw }) => {
    const user = await requireUser(db, actor, params.userId, 'manage');
    await setUserTargets(db, user.id, body.targets);
    raw.log.info({ userId: user.id, by: actor.userId }, 'personal targets changed');
    return { ok: true as const };
  });

  signedInRoute(app, ctx, 'kpiProgress', async ({ actor, query }) => {
    const users = await scopeUsers(db, actor, query);
    const period = await periodFor(db, users, query.period, query.date, ctx.now());
    const progress = await progressOf(db, users, period);
    return {
      period,
      kpis: progress.kpis,
      currency: await currencyOf(db, users),
      users: progress.users.map((p) => ({ user: userRef({ id: p.user.id, email: p.user.email, name: p.user.name, team_id: p.user.teamId }), rows: p.rows })),
      total: totalRows(progress.kpis, progress.users, period),
    };
  });

  signedInRoute(app, ctx, 'kpiMisses', async ({ actor, query }) => {
    checkRange(query.from, query.to);
    const users = await scopeUsers(db, actor, query);
    const frames = await teamFrames(db, users);
    const reported = await reportedKpis(db, users.map((u) => u.id), query.from, query.to);
    const weekly = daysBetween(query.from, query.to) + 1 <= 13 * 7;
    const byReason = new Map<string, number>();
    const byKpi = new Map<string, { count: number; byReason: Record<string, number> }>();
    const overTime = new Map<string, Record<string, number>>();
    const items: { user: UserRef; date: string; key: string; target: number | null; actual: number; reason: MissReason | null; reasonText: string }[] = [];
    for (const u of users) {
      const defs = new Map(((u.teamId && frames.get(u.teamId)?.kpis) || mergeKpis([])).map((d) => [d.key, d]));
      for (const [date, entries] of reported.get(u.id) ?? []) {
        for (const k of entries) {
          if (!isMissed(defs.get(k.key) ?? { direction: 'higher' }, k.target, k.actual)) continue;
          const reason = (MISS_REASONS as readonly string[]).includes(k.reason ?? '') ? (k.reason as MissReason) : null;
          const r = reason ?? 'other';
          byReason.set(r, (byReason.get(r) ?? 0) + 1);
          const kk = byKpi.get(k.key) ?? { count: 0, byReason: {} };
          kk.count++;
          kk.byReason[r] = (kk.byReason[r] ?? 0) + 1;
          byKpi.set(k.key, kk);
          const bucket = bucketOf(date, weekly);
          const bt = overTime.get(bucket) ?? {};
          bt[r] = (bt[r] ?? 0) + 1;
          overTime.set(bucket, bt);
          items.push({ user: userRef({ id: u.id, email: u.email, name: u.name, team_id: u.teamId }), date, key: k.key, target: k.target, actual: k.actual, reason, reasonText: k.reasonText ?? '' });
        }
      }
    }
    items.sort((a, b) => b.date.localeCompare(a.date) || a.user.name.localeCompare(b.user.name) || a.key.localeCompare(b.key));
    return {
      from: query.from,
      to: query.to,
      total: items.length,
      byReason: [...byReason].map(([reason, count]) => ({ reason: reason as MissReason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
      byKpi: [...byKpi].map(([key, v]) => ({ key, ...v })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
      overTime: [...overTime].map(([bucket, r]) => ({ bucket, byReason: r })).sort((a, b) => a.bucket.localeCompare(b.bucket)),
      items: items.slice(0, 200),
    };
  });

  signedInRoute(app, ctx, 'leaderboard', async ({ actor, query }) => {
    forbiddenForManagers(actor);
    const users = await scopeUsers(db, actor, { teamId: query.teamId });
    const period = await periodFor(db, users, query.period, query.date, ctx.now());
    const b = await board(db, users, period, query.kpi);
    const team = query.teamId ? await teamView(db, query.teamId) : null;
    return { period, team: team ? { id: team.id, name: team.name } : null, kpi: query.kpi, named: team?.leaderboardNamed ?? false, currency: await currencyOf(db, users), stats: b.stats, rows: b.rows };
  });

  signedInRoute(app, ctx, 'standing', async ({ actor, params, query }) => {
    const user = await requireUser(db, actor, params.userId, 'read');
    const standing = await standingOf(db, user.id, query.period, query.date, ctx.now());
    if (!standing) {
      const period = periodOf(query.period, query.date ?? localDateOf(ctx.now(), DEFAULT_ZONE), localDateOf(ctx.now(), DEFAULT_ZONE), WORKWEEK);
      return { period, kpi: 'all', count: 0, score: null, band: null, team: { average: null, best: null }, gaps: { top10: null, top25: null, top50: null }, workLeft: [], board: null };
    }
    return standing;
  });

  signedInRoute(app, ctx, 'publishLeaderboard', async ({ actor, params, body, raw }) => {
    const team = await requireTeam(db, actor, params.teamId, 'write');
    await db.transaction().execute(async (tx) => {
      // A change number, so each agent's next pull brings the standing with or without names.
      await tx.updateTable('teams').set({ leaderboard_named: body.named ? 1 : 0, settings_seq: await nextSeq(tx) }).where('id', '=', team.id).execute();
    });
    raw.log.info({ teamId: team.id, named: body.named, by: actor.userId }, 'leaderboard published');
    return { team: await teamView(db, team.id) };
  });
}
