// Which teams and people a dashboard call may touch (access.ts's rules applied to ids from a
// URL): an id the caller may not see answers 404 exactly like one that does not exist, so ids
// of other teams and organizations cannot be probed; one they may see but not change, 403.
import type { Kysely } from 'kysely';
import type { UserRef } from '../../shared/dashboard-api.ts';
import { canAdminister, canReadTeam, canWriteTeam, requireUser, type Actor } from '../access.ts';
import type { DB, TeamsTable } from '../db/schema.ts';
import { forbidden, notFound } from '../errors.ts';

/**
 * A team by id. `read` and `write`: its leads and the organization's admins (KPIs, targets,
 * the published board); `admin`: admins only (policy, renaming, leads).
 */
export async function requireTeam(db: Kysely<DB>, actor: Actor, teamId: string, right: 'read' | 'write' | 'admin'): Promise<TeamsTable> {
  const team = await db.selectFrom('teams').selectAll().where('id', '=', teamId).executeTakeFirst();
  if (!team || !canReadTeam(actor, team)) throw notFound('The team');
  if (right === 'write' && !canWriteTeam(actor, team)) throw forbidden();
  if (right === 'admin' && !canAdminister(actor, team.org_id)) throw forbidden('Only an admin may change this.');
  return team;
}

export { requireUser };

export interface ScopedUser extends UserRef {
  role: 'admin' | 'lead' | 'manager';
  teamName: string | null;
}

type UserRow = { id: string; email: string; name: string; team_id: string | null };

/** Someone as the dashboard names them: their display name, or their email until they set one. */
export function userRef(u: UserRow): UserRef {
  return { id: u.id, name: u.name || u.email, email: u.email, teamId: u.team_id };
}

/** UserRefs by id (for reviewers, code makers): ids not found are left out. */
export async function userRefs(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, UserRef>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'email', 'name', 'team_id']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, userRef(r)]));
}

/** Team ids a caller sees in lists: a lead's teams, all of an admin's organization, none for a manager. */
export async function visibleTeamIds(db: Kysely<DB>, actor: Actor): Promise<string[]> {
  if (actor.role === 'lead') return [...actor.ledTeams];
  if (actor.role !== 'admin') return [];
  const rows = await db.selectFrom('teams').select('id').where('org_id', '=', actor.orgId).execute();
  return rows.map((r) => r.id);
}

/**
 * The people a screen shows for a `{teamId?, userId?}` scope, sorted by name:
 * - userId: that person (404 unless the caller may read them);
 * - teamId: the team's managers (404 unless the caller leads it or is an admin);
 * - neither: a manager themself, a lead their teams' managers, an admin every manager.
 * Deactivated people are left out unless asked for (their data is kept for past periods).
 * `everyone` (devices, codes): a team's leads too, and for an admin the whole organization.
 */
export async function scopeUsers(
  db: Kysely<DB>,
  actor: Actor,
  scope: { teamId?: string | undefined; userId?: string | undefined },
  opts: { includeDeactivated?: boolean; everyone?: boolean } = {},
): Promise<ScopedUser[]> {
  let query = db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.id', 'users.email', 'users.name', 'users.team_id', 'users.role', 'teams.name as team_name'])
    .where('users.org_id', '=', actor.orgId);
  if (!opts.includeDeactivated) query = query.where('users.deactivated_at', 'is', null);
  if (scope.userId !== undefined) {
    const user = await requireUser(db, actor, scope.userId, 'read');
    if (scope.teamId !== undefined && user.team_id !== scope.teamId) throw notFound('The user');
    query = query.where('users.id', '=', user.id);
  } else if (scope.teamId !== undefined) {
    await requireTeam(db, actor, scope.teamId, 'read');
    query = query.where('users.team_id', '=', scope.teamId);
    if (!opts.everyone) query = query.where('users.role', '=', 'manager');
  } else if (actor.role === 'manager') {
    query = query.where('users.id', '=', actor.userId);
  } else if (!(opts.everyone && actor.role === 'admin')) {
    const teams = await visibleTeamIds(db, actor);
    if (!teams.length) return [];
    query = query.where('users.team_id', 'in', teams);
    if (!opts.everyone) query = query.where('users.role', '=', 'manager');
  }
  const rows = await query.execute();
  return rows
    .map((r) => ({ ...userRef(r), role: r.role, teamName: r.team_name ?? null }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
