// Signing in and out, the signed-in person's own account (name, language, password) and the first
// admin's set-up link. Invite links are in invites.ts.
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { Me, Session as SessionBody } from '../../shared/dashboard-api.ts';
import { createUser, findUserByEmail, hasAdmin, nameOrg, normalizeEmail, orgLabel, setPasswordHash } from '../accounts.ts';
import type { Actor } from '../access.ts';
import { LoginLimiter } from '../auth/login-limit.ts';
import { hashPassword, needsRehash, passwordProblem, verifyPassword } from '../auth/passwords.ts';
import { clearSessionCookie, createSession, deleteSession, SESSION_TTL_MS, setSessionCookie } from '../auth/sessions.ts';
import { sha256 } from '../auth/tokens.ts';
import type { HubApp, HubContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { HubError } from '../errors.ts';
import { publicRoute, signedInRoute } from './route.ts';

export async function meOf(db: Kysely<DB>, userId: string): Promise<Me> {
  const u = await db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select(['users.id', 'users.org_id', 'orgs.name as org_name', 'users.email', 'users.name', 'users.role', 'users.team_id', 'users.locale'])
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow();
  const led = u.role === 'lead' ? await db.selectFrom('team_leads').select('team_id').where('user_id', '=', userId).execute() : [];
  return { id: u.id, orgId: u.org_id, orgName: orgLabel(u.org_name), email: u.email, name: u.name || u.email, role: u.role, teamId: u.team_id, ledTeams: led.map((r) => r.team_id).sort(), locale: (u.locale as Me['locale']) ?? null };
}

/** Starts a session for the user: the cookie on the reply, the body the app keeps. */
export async function startSession(ctx: HubContext, reply: FastifyReply, userId: string): Promise<SessionBody> {
  const now = ctx.now();
  const session = await createSession(ctx.db, userId, now);
  setSessionCookie(reply, session.token, ctx.secureCookies);
  return { user: await meOf(ctx.db, userId), csrfToken: session.csrfToken, expiresAt: now + SESSION_TTL_MS };
}

async function sessionBody(ctx: HubContext, actor: Actor, csrfToken: string, tokenHash: string): Promise<SessionBody> {
  const row = await ctx.db.selectFrom('sessions').select('expires_at').where('token_hash', '=', tokenHash).executeTakeFirstOrThrow();
  return { user: await meOf(ctx.db, actor.userId), csrfToken, expiresAt: row.expires_at };
}

function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new HubError(400, 'invalid_request', problem);
}

export function registerDashboardAuth(app: HubApp, ctx: HubContext): void {
  const { db } = ctx;

  // Per address (publicRoute) and per account: spreading guesses over addresses does not help.
  const perAccount = new LoginLimiter({ failuresBeforeBackoff: ctx.limits.loginFailuresBeforeBackoff, backoffMs: ctx.limits.loginBackoffMs, backoffMaxMs: ctx.limits.loginBackoffMaxMs });

  publicRoute(app, ctx, 'login', async ({ body, raw, reply }) => {
    const account = normalizeEmail(body.email);
    const wait = perAccount.waitMs(account, ctx.now());
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      void reply.header('retry-after', String(seconds));
      throw new HubError(429, 'rate_limited', `Too many failed sign-ins to this account; try again in ${seconds} s.`);
    }
    const user = await findUserByEmail(db, account);
    // verifyPassword runs the KDF even for an unknown email, so every failure takes as long.
    const ok = await verifyPassword(body.password, user?.password_hash ?? null);
    if (!user || !ok || user.deactivated_at !== null) {
      perAccount.failed(account, ctx.now());
      throw new HubError(401, 'unauthorized', 'Wrong email or password.');
    }
    perAccount.succeeded(account);
    // A hash from before today's parameters (or scrypt's) is replaced now that the password is known.
    if (user.password_hash && needsRehash(user.password_hash)) await setPasswordHash(db, user.id, await hashPassword(body.password));
    raw.log.info({ userId: user.id }, 'signed in');
    return startSession(ctx, reply, user.id);
  });

  signedInRoute(app, ctx, 'me', async ({ actor, session }) => sessionBody(ctx, actor, session.csrfToken, session.tokenHash));

  signedInRoute(app, ctx, 'logout', async ({ session, reply }) => {
    await deleteSession(db, session.tokenHash);
    clearSessionCookie(reply, ctx.secureCookies);
    return null;
  });

  signedInRoute(app, ctx, 'updateMe', async ({ actor, body }) => {
    await db
      .updateTable('users')
      .set({ ...(body.name !== undefined ? { name: body.name } : {}), ...(body.locale !== undefined ? { locale: body.locale } : {}) })
      .where('id', '=', actor.userId)
      .execute();
    return { user: await meOf(db, actor.userId) };
  });

  signedInRoute(app, ctx, 'changePassword', async ({ actor, body, session, raw }) => {
    checkPassword(body.newPassword);
    const row = await db.selectFrom('users').select('password_hash').where('id', '=', actor.userId).executeTakeFirstOrThrow();
    if (!(await verifyPassword(body.currentPassword, row.password_hash))) throw new HubError(400, 'wrong_password', 'The current password is wrong.');
    await setPasswordHash(db, actor.userId, await hashPassword(body.newPassword));
    // Whoever knew the old password is signed out everywhere else.
    await db.deleteFrom('sessions').where('user_id', '=', actor.userId).where('token_hash', '!=', session.tokenHash).execute();
    raw.log.info({ userId: actor.userId }, 'password changed');
    return { ok: true as const };
  });

  // The one-time link printed on first start when no admin was configured by environment.
  publicRoute(app, ctx, 'setup', async ({ body, raw, reply }) => {
    const { token, email, password, orgName } = body;
    checkPassword(password);
    const hash = await hashPassword(password);
    const now = ctx.now();
    const invalid = () => new HubError(400, 'code_invalid', 'This set-up link is not valid (used or expired). Restart the hub for a new one.');
    const user = await db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('setup_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
      if (!row || row.expires_at <= now) throw invalid();
      // Deleting the token makes the link single-use even if two requests race.
      const deleted = await tx.deleteFrom('setup_tokens').where('token_hash', '=', row.token_hash).executeTakeFirst();
      if (Number(deleted.numDeletedRows) !== 1) throw new HubError(400, 'code_invalid', 'This set-up link was just used.');
      await tx.deleteFrom('setup_tokens').execute();
      // An admin made another way meanwhile (the CLI, ZVIT_ADMIN_* on a later start) ends the link.
      if (await hasAdmin(tx)) return null;
      if (orgName !== undefined) await nameOrg(tx, row.org_id, orgName);
      return createUser(tx, { orgId: row.org_id, email, role: 'admin', teamId: null, passwordHash: hash }, now);
    });
    if (!user) throw invalid();
    raw.log.info({ userId: user.id }, 'first admin created through the set-up link');
    return startSession(ctx, reply, user.id);
  });
}
