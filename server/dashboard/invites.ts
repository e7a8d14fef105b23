// Invite links: an admin adds a person and hands them `<hub>/invite#<token>` (the hub sends no
// mail); the link sets their password once and signs them in. Only the token's SHA-256 is
// stored; a new link for the same person ends the old one; links expire after INVITE_TTL_MS.
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { INVITE_TTL_MS } from '../../shared/dashboard-api.ts';
import { createUser, orgLabel, setPasswordHash } from '../accounts.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { newToken, sha256 } from '../auth/tokens.ts';
import type { HubApp, HubContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { HubError } from '../errors.ts';
import { startSession } from './auth.ts';
import { adminUser, requireAdmin } from './people.ts';
import { publicRoute, signedInRoute } from './route.ts';
import { requireTeam, requireUser } from './scope.ts';

export async function createInvite(db: Kysely<DB>, userId: string, createdBy: string | null, now: number): Promise<{ token: string; expiresAt: number }> {
  const token = newToken('zvi');
  const expiresAt = now + INVITE_TTL_MS;
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('invites').where('user_id', '=', userId).execute();
    await tx.insertInto('invites').values({ token_hash: sha256(token), user_id: userId, created_by: createdBy, created_at: now, expires_at: expiresAt }).execute();
  });
  return { token, expiresAt };
}

/** The address the admin hands over: on the hub the admin is using, the token after `#` so no server log sees it. */
function inviteUrl(request: FastifyRequest, token: string): string {
  const origin = typeof request.headers.origin === 'string' && /^https?:\/\/[^/]+$/.test(request.headers.origin) ? request.headers.origin : `${request.protocol}://${request.host}`;
  return `${origin}/invite#${token}`;
}

const invalid = () => new HubError(400, 'code_invalid', 'This invite link is not valid: it was used, replaced or has expired. Ask your admin for a new one.');

async function liveInvite(db: Kysely<DB>, token: string, now: number) {
  const row = await db
    .selectFrom('invites')
    .innerJoin('users', 'users.id', 'invites.user_id')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select(['invites.token_hash', 'invites.expires_at', 'users.id as user_id', 'users.email', 'users.name', 'users.role', 'users.deactivated_at', 'orgs.name as org_name'])
    .where('invites.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.expires_at <= now || row.deactivated_at !== null) throw invalid();
  return row;
}

export function registerInvites(app: HubApp, ctx: HubContext): void {
  const { db } = ctx;

  signedInRoute(app, ctx, 'invite', async ({ actor, body, raw }) => {
    requireAdmin(actor);
    if (body.teamId !== null) await requireTeam(db, actor, body.teamId, 'admin');
    const now = ctx.now();
    const user = await createUser(db, { orgId: actor.orgId, email: body.email, name: body.name, role: body.role, teamId: body.teamId, passwordHash: null }, now);
    const invite = await createInvite(db, user.id, actor.userId, now);
    raw.log.info({ userId: user.id, by: actor.userId }, 'user invited');
    return { user: await adminUser(db, now, actor.orgId, user.id), invite: { url: inviteUrl(raw, invite.token), expiresAt: invite.expiresAt } };
  });

  signedInRoute(app, ctx, 'reinvite', async ({ actor, params, raw }) => {
    const user = await requireUser(db, actor, params.userId, 'read');
    requireAdmin(actor);
    const row = await db.selectFrom('users').select('deactivated_at').where('id', '=', user.id).executeTakeFirstOrThrow();
    if (row.deactivated_at !== null) throw new HubError(400, 'invalid_request', 'This person is deactivated; reactivate them first.');
    const now = ctx.now();
    const invite = await createInvite(db, user.id, actor.userId, now);
    raw.log.info({ userId: user.id, by: actor.userId }, 'invite link renewed');
    return { user: await adminUser(db, now, actor.orgId, user.id), invite: { url: inviteUrl(raw, invite.token), expiresAt: invite.expiresAt } };
  });

  publicRoute(app, ctx, 'inviteInfo', async ({ body }) => {
    const row = await liveInvite(db, body.token, ctx.now());
    return { email: row.email, name: row.name || row.email, orgName: orgLabel(row.org_name), role: row.role, expiresAt: row.expires_at };
  });

  publicRoute(app, ctx, 'acceptInvite', async ({ body, raw, reply }) => {
    const problem = passwordProblem(body.password);
    if (problem) throw new HubError(400, 'invalid_request', problem);
    const now = ctx.now();
    const row = await liveInvite(db, body.token, now);
    const hash = await hashPassword(body.password);
    await db.transaction().execute(async (tx) => {
      // Deleting the row is what makes the link single-use, even when two requests race.
      const deleted = await tx.deleteFrom('invites').where('token_hash', '=', row.token_hash).executeTakeFirst();
      if (Number(deleted.numDeletedRows) !== 1) throw invalid();
      await setPasswordHash(tx, row.user_id, hash);
      if (body.name !== undefined) await tx.updateTable('users').set({ name: body.name }).where('id', '=', row.user_id).execute();
    });
    raw.log.info({ userId: row.user_id }, 'invite accepted');
    return startSession(ctx, reply, row.user_id);
  });
}
