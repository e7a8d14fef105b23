// The routes of team now, a manager's day, the week and the grid: access from scope.ts, data from
// the day rollups (rollups/, live/).
import { MAX_RANGE_DAYS, type TeamRef } from '../../shared/dashboard-api.ts';
import { addDays, daysBetween } from '../../shared/time.ts';
import type { Actor } from '../access.ts';
import type { HubApp, HubContext } from '../context.ts';
import { forbidden, HubError, notFound } from '../errors.ts';
import { teamNow } from './live/team-now.ts';
import { managerDay } from './rollups/day.ts';
import { dayRows, policyOf, teamPolicies } from './rollups/read.ts';
import { signedInRoute } from './route.ts';
import { requireTeam, requireUser, scopeUsers, userRef, userRefs, visibleTeamIds } from './scope.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** A date range the caller may ask for at once. */
export function checkRange(from: string, to: string): void {
  const n = daysBetween(from, to);
  if (n < 0) throw new HubError(400, 'invalid_request', `The range ${from}..${to} ends before it starts.`);
  if (n >= MAX_RANGE_DAYS) throw new HubError(400, 'invalid_request', `The range ${from}..${to} is longer than ${MAX_RANGE_DAYS} days.`);
}

/** Monday of the week holding the date. */
export function mondayOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((d + 6) % 7));
}

async function teamsOf(db: Kysely<DB>, ids: readonly string[]): Promise<TeamRef[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('teams').select(['id', 'name']).where('id', 'in', [...ids]).execute();
  return rows.map((r) => ({ id: r.id, name: r.name })).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** The person a `/users/:userId/...` route names, with their team, or 404. */
export async function namedUser(db: Kysely<DB>, actor: Actor, userId: string) {
  await requireUser(db, actor, userId, 'read');
  const u = await db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.id', 'users.email', 'users.name', 'users.team_id', 'teams.name as team_name'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!u) throw notFound('The user');
  return { ref: userRef(u), team: u.team_id ? { id: u.team_id, name: u.team_name ?? '' } : null };
}

export function registerDays(app: HubApp, ctx: HubContext): void {
  const { db } = ctx;

  signedInRoute(app, ctx, 'teamNow', async ({ actor, query }) => {
    if (actor.role === 'manager') throw forbidden('Team now is for leads and admins.');
    const teamIds = query.teamId !== undefined ? [(await requireTeam(db, actor, query.teamId, 'read')).id] : await visibleTeamIds(db, actor);
    const users = await scopeUsers(db, actor, { teamId: query.teamId });
    return teamNow(db, users, await teamsOf(db, teamIds), ctx.now());
  });

  signedInRoute(app, ctx, 'managerDay', async ({ actor, params }) => {
    const { ref, team } = await namedUser(db, actor, params.userId);
    const policy = policyOf(await teamPolicies(db, [ref.teamId]), ref.teamId);
    return managerDay(db, ref, team, policy, params.date, ctx.now(), (ids) => userRefs(db, ids));
  });

  signedInRoute(app, ctx, 'week', async ({ actor, params, query }) => {
    const { ref } = await namedUser(db, actor, params.userId);
    const from = mondayOf(query.date);
    const to = addDays(from, 6);
    const days = (await dayRows(db, [{ id: ref.id, teamId: ref.teamId }], from, to, ctx.now())).get(ref.id) ?? [];
    const sum = (f: (d: (typeof days)[number]) => number) => days.reduce((s, d) => s + f(d), 0);
    return {
      user: ref,
      from,
      to,
      days,
      totals: {
        workedMs: sum((d) => d.workedMs),
        breakMs: sum((d) => d.breakMs),
        idle: { keptMs: sum((d) => d.idle.keptMs), breakMs: sum((d) => d.idle.breakMs), discardedMs: sum((d) => d.idle.discardedMs), pendingMs: sum((d) => d.idle.pendingMs) },
        kpisHit: sum((d) => d.kpis.hit),
        kpisMissed: sum((d) => d.kpis.missed),
        reportsFiled: sum((d) => (d.report.reportId ? 1 : 0)),
        plansFiled: sum((d) => (d.plan.filed ? 1 : 0)),
      },
    };
  });

  signedInRoute(app, ctx, 'grid', async ({ actor, query }) => {
    checkRange(query.from, query.to);
    const users = await scopeUsers(db, actor, { teamId: query.teamId, userId: query.userId });
    const rows = await dayRows(db, users, query.from, query.to, ctx.now());
    return {
      from: query.from,
      to: query.to,
      users: users.map((u) => ({ id: u.id, name: u.name, email: u.email, teamId: u.teamId, teamName: u.teamName })),
      rows: users.map((u) => ({ userId: u.id, days: rows.get(u.id) ?? [] })),
    };
  });
}
