// Teams, users and team settings for the dashboard. Admins shape the organization; leads read
// and set KPIs and targets for the teams they lead.
import { z } from 'zod';
import { requireUser, canAdminister, canReadTeam, canWriteTeam, type Actor } from '../access.ts';
import { createUser, publicUser, ROLES } from '../accounts.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { requireSession } from '../auth/sessions.ts';
import type { HubApp, HubContext } from '../context.ts';
import { forbidden, HubError, notFound } from '../errors.ts';
import { setTeamKpis, settingsFor, setUserTargets, TeamKpisSchema, UserTargetsSchema } from '../settings.ts';

const TeamParams = z.object({ teamId: z.string().max(64) });
const UserParams = z.object({ userId: z.string().max(64) });

export function registerOrg(app: HubApp, ctx: HubContext): void {
  const { db } = ctx;

  async function team(actor: Actor, teamId: string, right: 'read' | 'write' | 'admin') {
    const row = await db.selectFrom('teams').selectAll().where('id', '=', teamId).executeTakeFirst();
    if (!row || !canReadTeam(actor, row)) throw notFound('The team');
    if (right === 'write' && !canWriteTeam(actor, row)) throw forbidden();
    if (right === 'admin' && !canAdminister(actor, row.org_id)) throw forbidden('Only an admin may change this.');
    return row;
  }

  app.get('/api/v1/teams/:teamId/users', { schema: { tags: ['org'], params: TeamParams } }, async (request) => {
    const { actor } = await requireSession(ctx, request);
    const t = await team(actor, request.params.teamId, 'read');
    const members = await db.selectFrom('users').selectAll().where('team_id', '=', t.id).orderBy('email').execute();
    const leads = await db.selectFrom('team_leads').select('user_id').where('team_id', '=', t.id).execute();
    return { team: { id: t.id, name: t.name }, leads: leads.map((l) => l.user_id), users: members.map(publicUser) };
  });

  app.put('/api/v1/teams/:teamId/kpis', { schema: { tags: ['org'], params: TeamParams, body: TeamKpisSchema } }, async (request) => {
    const { actor } = await requireSession(ctx, request);
    const t = await team(actor, request.params.teamId, 'write');
    await setTeamKpis(db, t.id, request.body);
    return { ok: true };
  });

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags: ['org'],
        body: z
          .object({ email: z.string().max(254), role: z.enum(ROLES), teamId: z.string().max(64).nullable().default(null), password: z.string().max(1000).optional() })
          .strict(),
      },
    },
    async (request) => {
      const { actor } = await requireSession(ctx, request);
      if (!canAdminister(actor, actor.orgId)) throw forbidden('Only an admin may create users.');
      const { email, role, teamId, password } = request.body;
      if (teamId) await team(actor, teamId, 'admin');
      if (password !== undefined) {
        const problem = passwordProblem(password);
        if (problem) throw new HubError(400, 'invalid_request', problem);
      }
      const user = await createUser(db, { orgId: actor.orgId, email, role, teamId, passwordHash: password ? await hashPassword(password) : null }, ctx.now());
      return { user: publicUser(user) };
    },
  );

  app.get('/api/v1/users/:userId/settings', { schema: { tags: ['org'], params: UserParams } }, async (request) => {
    const { actor } = await requireSession(ctx, request);
    const user = await requireUser(db, actor, request.params.userId, 'read');
    const { policy, kpis, targets } = await settingsFor(db, user.id);
    return { policy, kpis, targets };
  });

  app.put('/api/v1/users/:userId/targets', { schema: { tags: ['org'], params: UserParams, body: UserTargetsSchema } }, async (request) => {
    const { actor } = await requireSession(ctx, request);
    const user = await requireUser(db, actor, request.params.userId, 'manage');
    await setUserTargets(db, user.id, request.body.targets);
    return { ok: true };
  });
}
