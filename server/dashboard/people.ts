// Admin: teams and their leads, people (name, role, team, deactivation). A lead may list their
// teams and members; everything that changes the organization's shape is an admin's.
import type { Kysely } from 'kysely';
import type { AdminUser, Team } from '../../shared/dashboard-api.ts';
import { canAdminister, requireUser, type Actor } from '../access.ts';
import { addLead, ensureTeam, nameOrg } from '../accounts.ts';
import { nextSeq } from '../changes.ts';
import type { HubApp, HubContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { forbidden, HubError } from '../errors.ts';
import { signedInRoute } from './route.ts';
import { requireTeam, userRef, visibleTeamIds } from './scope.ts';

export function requireAdmin(actor: Actor): void {
  if (!canAdminister(actor, actor.orgId)) throw forbidden('Only an admin may do this.');
}

export async function teamViews(db: Kysely<DB>, teamIds: readonly string[]): Promise<Team[]> {
  if (!teamIds.length) return [];
  const teams = await db.selectFrom('teams').select(['id', 'name', 'leaderboard_named']).where('id', 'in', [...teamIds]).execute();
  const leads = await db
    .selectFrom('team_leads')
    .innerJoin('users', 'users.id', 'team_leads.user_id')
    .select(['team_leads.team_id as led_team', 'users.id', 'users.email', 'users.name', 'users.team_id'])
    .where('team_leads.team_id', 'in', [...teamIds])
    .execute();
  const members = await db
    .selectFrom('users')
    .select(['team_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('team_id', 'in', [...teamIds])
    .where('deactivated_at', 'is', null)
    .where('role', '!=', 'admin')
    .groupBy('team_id')
    .execute();
  const count = new Map(members.map((m) => [m.team_id, Number(m.n)]));
  return teams
    .map((t) => ({
      id: t.id,
      name: t.name,
      leads: leads
        .filter((l) => l.led_team === t.id)
        .map((l) => userRef({ id: l.id, email: l.email, name: l.name, team_id: l.team_id }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      memberCount: count.get(t.id) ?? 0,
      leaderboardNamed: Number(t.leaderboard_named) === 1,
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export async function teamView(db: Kysely<DB>, teamId: string): Promise<Team> {
  return (await teamViews(db, [teamId]))[0]!;
}

/** People as the admin screen lists them, with account, invite and device state. */
export async function adminUsers(db: Kysely<DB>, now: number, filter: { orgId: string; ids?: readonly string[]; teamIds?: readonly string[]; includeDeactivated?: boolean }): Promise<AdminUser[]> {
  let query = db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.id', 'users.email', 'users.name', 'users.team_id', 'users.role', 'users.deactivated_at', 'users.password_hash', 'users.created_at', 'teams.name as team_name'])
    .where('users.org_id', '=', filter.orgId);
  if (filter.ids) query = query.where('users.id', 'in', filter.ids.length ? [...filter.ids] : ['']);
  if (filter.teamIds) query = query.where('users.team_id', 'in', filter.teamIds.length ? [...filter.teamIds] : ['']);
  if (!filter.includeDeactivated) query = query.where('users.deactivated_at', 'is', null);
  const rows = await query.execute();
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const led = await db.selectFrom('team_leads').select(['user_id', 'team_id']).where('user_id', 'in', ids).execute();
  const invites = await db.selectFrom('invites').select(['user_id', 'expires_at']).where('user_id', 'in', ids).where('expires_at', '>', now).execute();
  const devices = await db.selectFrom('devices').select(['user_id', 'last_seen_at', 'revoked_at']).where('user_id', 'in', ids).execute();
  return rows
    .map((r) => {
      const own = devices.filter((d) => d.user_id === r.id);
      const seen = own.map((d) => d.last_seen_at).filter((x): x is number => x !== null);
      const invite = invites.filter((i) => i.user_id === r.id).map((i) => i.expires_at);
      return {
        ...userRef(r),
        role: r.role,
        teamName: r.team_name ?? null,
        ledTeams: led.filter((l) => l.user_id === r.id).map((l) => l.team_id).sort(),
        active: r.deactivated_at === null,
        deactivatedAt: r.deactivated_at,
        hasPassword: r.password_hash !== null,
        inviteExpiresAt: invite.length ? Math.max(...invite) : null,
        createdAt: r.created_at,
        lastSeenAt: seen.length ? Math.max(...seen) : null,
        devices: own.filter((d) => d.revoked_at === null).length,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export async function adminUser(db: Kysely<DB>, now: number, orgId: string, userId: string): Promise<AdminUser> {
  return (await adminUsers(db, now, { orgId, ids: [userId], includeDeactivated: true }))[0]!;
}

/** A user an admin acts on: 404 unless visible, 403 unless the caller is an admin. */
async function administeredUser(db: Kysely<DB>, actor: Actor, userId: string) {
  const user = await requireUser(db, actor, userId, 'read');
  requireAdmin(actor);
  return user;
}

export function registerPeople(app: HubApp, ctx: HubContext): void {
  const { db } = ctx;

  signedInRoute(app, ctx, 'teams', async ({ actor }) => {
    if (actor.role === 'manager') throw forbidden('Managers see only their own data.');
    return { teams: await teamViews(db, await visibleTeamIds(db, actor)) };
  });

  signedInRoute(app, ctx, 'renameOrg', async ({ actor, body, raw }) => {
    requireAdmin(actor);
    await nameOrg(db, actor.orgId, body.name);
    raw.log.info({ orgId: actor.orgId, by: actor.userId }, 'organization renamed');
    return { orgName: body.name };
  });

  signedInRoute(app, ctx, 'createTeam', async ({ actor, body }) => {
    requireAdmin(actor);
    const exists = await db.selectFrom('teams').select('id').where('org_id', '=', actor.orgId).where('name', '=', body.name).executeTakeFirst();
    if (exists) throw new HubError(409, 'conflict', `A team named "${body.name}" already exists.`);
    return { team: await teamView(db, await ensureTeam(db, actor.orgId, body.name, ctx.now())) };
  });

  signedInRoute(app, ctx, 'updateTeam', async ({ actor, params, body }) => {
    const team = await requireTeam(db, actor, params.teamId, 'admin');
    const clash = await db.selectFrom('teams').select('id').where('org_id', '=', team.org_id).where('name', '=', body.name).where('id', '!=', team.id).executeTakeFirst();
    if (clash) throw new HubError(409, 'conflict', `A team named "${body.name}" already exists.`);
    await db.updateTable('teams').set({ name: body.name }).where('id', '=', team.id).execute();
    return { team: await teamView(db, team.id) };
  });

  signedInRoute(app, ctx, 'addLead', async ({ actor, params, body }) => {
    const team = await requireTeam(db, actor, params.teamId, 'admin');
    const user = await requireUser(db, actor, body.userId, 'read');
    const row = await db.selectFrom('users').select(['role', 'deactivated_at']).where('id', '=', user.id).executeTakeFirstOrThrow();
    if (row.role !== 'lead') throw new HubError(400, 'invalid_request', 'Only a person with the lead role can lead a team; change their role first.');
    if (row.deactivated_at !== null) throw new HubError(400, 'invalid_request', 'This person is deactivated.');
    await addLead(db, team.id, user.id);
    return { team: await teamView(db, team.id) };
  });

  signedInRoute(app, ctx, 'removeLead', async ({ actor, params }) => {
    const team = await requireTeam(db, actor, params.teamId, 'admin');
    await requireUser(db, actor, params.userId, 'read');
    await db.deleteFrom('team_leads').where('team_id', '=', team.id).where('user_id', '=', params.userId).execute();
    return { team: await teamView(db, team.id) };
  });

  signedInRoute(app, ctx, 'users', async ({ actor, query }) => {
    if (actor.role === 'manager') throw forbidden('Managers see only their own data.');
    let teamIds: string[] | undefined;
    if (query.teamId !== undefined) teamIds = [(await requireTeam(db, actor, query.teamId, 'read')).id];
    else if (actor.role === 'lead') teamIds = [...actor.ledTeams];
    return { users: await adminUsers(db, ctx.now(), { orgId: actor.orgId, ...(teamIds ? { teamIds } : {}), includeDeactivated: query.includeDeactivated }) };
  });

  signedInRoute(app, ctx, 'updateUser', async ({ actor, params, body }) => {
    const user = await administeredUser(db, actor, params.userId);
    const current = await db.selectFrom('users').select(['role', 'team_id']).where('id', '=', user.id).executeTakeFirstOrThrow();
    const role = body.role ?? current.role;
    const teamId = body.teamId !== undefined ? body.teamId : current.team_id;
    if (teamId !== null && teamId !== current.team_id) await requireTeam(db, actor, teamId, 'admin');
    if (role === 'manager' && teamId === null) throw new HubError(400, 'invalid_request', 'A manager needs a team.');
    if (current.role === 'admin' && role !== 'admin') await keepAnAdmin(db, actor.orgId, user.id);
    await db.transaction().execute(async (tx) => {
      const teamChanged = teamId !== current.team_id;
      await tx
        .updateTable('users')
        .set({
          ...(body.name !== undefined ? { name: body.name } : {}),
          role,
          team_id: teamId,
          // The agent pulls its team's settings: a move must reach it.
          ...(teamChanged ? { settings_seq: await nextSeq(tx) } : {}),
        })
        .where('id', '=', user.id)
        .execute();
      if (role !== 'lead') await tx.deleteFrom('team_leads').where('user_id', '=', user.id).execute();
      else if (teamId !== null && (current.role !== 'lead' || teamChanged)) await addLead(tx, teamId, user.id);
    });
    return { user: await adminUser(db, ctx.now(), actor.orgId, user.id) };
  });

  signedInRoute(app, ctx, 'deactivate', async ({ actor, params, raw }) => {
    const user = await administeredUser(db, actor, params.userId);
    if (user.id === actor.userId) throw new HubError(400, 'invalid_request', 'You cannot deactivate yourself.');
    const row = await db.selectFrom('users').select('role').where('id', '=', user.id).executeTakeFirstOrThrow();
    if (row.role === 'admin') await keepAnAdmin(db, actor.orgId, user.id);
    const now = ctx.now();
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ deactivated_at: now }).where('id', '=', user.id).where('deactivated_at', 'is', null).execute();
      // Signed out at once, their agents refused from the next call, their invite links dead.
      await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
      await tx.updateTable('devices').set({ revoked_at: now }).where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
      await tx.deleteFrom('invites').where('user_id', '=', user.id).execute();
      await tx.updateTable('enrollment_codes').set({ expires_at: now }).where('user_id', '=', user.id).where('expires_at', '>', now).execute();
    });
    raw.log.info({ userId: user.id, by: actor.userId }, 'user deactivated');
    return { user: await adminUser(db, now, actor.orgId, user.id) };
  });

  signedInRoute(app, ctx, 'reactivate', async ({ actor, params, raw }) => {
    const user = await administeredUser(db, actor, params.userId);
    await db.updateTable('users').set({ deactivated_at: null }).where('id', '=', user.id).execute();
    raw.log.info({ userId: user.id, by: actor.userId }, 'user reactivated');
    return { user: await adminUser(db, ctx.now(), actor.orgId, user.id) };
  });
}

/** Refuses a change that would leave the organization without an active admin. */
async function keepAnAdmin(db: Kysely<DB>, orgId: string, losing: string): Promise<void> {
  const other = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', orgId)
    .where('role', '=', 'admin')
    .where('deactivated_at', 'is', null)
    .where('id', '!=', losing)
    .executeTakeFirst();
  if (!other) throw new HubError(400, 'invalid_request', 'The organization needs at least one active admin.');
}
