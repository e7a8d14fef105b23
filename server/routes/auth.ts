// Dashboard sign-in, sign-out and the first admin's set-up link.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { createUser, findUserByEmail, hasAdmin, normalizeEmail, publicUser } from '../accounts.ts';
import { LoginLimiter } from '../auth/login-limit.ts';
import { passwordProblem, hashPassword, verifyPassword } from '../auth/passwords.ts';
import { clearSessionCookie, createSession, deleteSession, requireSession, setSessionCookie } from '../auth/sessions.ts';
import { sha256 } from '../auth/tokens.ts';
import type { HubApp, HubContext } from '../context.ts';
import { HubError } from '../errors.ts';
import { perAddress } from '../http/rate-limit.ts';

const LoginSchema = z.object({ email: z.string().max(254), password: z.string().max(1000) }).strict();
const SetupSchema = z.object({ token: z.string().max(200), email: z.string().max(254), password: z.string().max(1000) }).strict();

export function registerAuth(app: HubApp, ctx: HubContext): void {
  const limited = perAddress(ctx.limits.authPerMinute);
  const perAccount = new LoginLimiter({ failuresBeforeBackoff: ctx.limits.loginFailuresBeforeBackoff, backoffMs: ctx.limits.loginBackoffMs, backoffMaxMs: ctx.limits.loginBackoffMaxMs });

  async function signIn(reply: FastifyReply, userId: string) {
    const session = await createSession(ctx.db, userId, ctx.now());
    setSessionCookie(reply, session.token, ctx.secureCookies);
    return session.csrfToken;
  }

  app.post('/api/v1/auth/login', { config: limited, schema: { tags: ['auth'], body: LoginSchema } }, async (request, reply) => {
    const account = normalizeEmail(request.body.email);
    const wait = perAccount.waitMs(account, ctx.now());
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      void reply.header('retry-after', String(seconds));
      throw new HubError(429, 'rate_limited', `Too many failed sign-ins to this account; try again in ${seconds} s.`);
    }
    const user = await findUserByEmail(ctx.db, account);
    // verifyPassword runs the KDF even for an unknown email, so both failures take as long.
    const ok = await verifyPassword(request.body.password, user?.password_hash ?? null);
    if (!user || !ok) {
      perAccount.failed(account, ctx.now());
      throw new HubError(401, 'unauthorized', 'Wrong email or password.');
    }
    perAccount.succeeded(account);
    const csrfToken = await signIn(reply, user.id);
    request.log.info({ userId: user.id }, 'signed in');
    return { user: publicUser(user), csrfToken };
  });

  app.post('/api/v1/auth/logout', { schema: { tags: ['auth'] } }, async (request, reply) => {
    const session = await requireSession(ctx, request);
    await deleteSession(ctx.db, session.tokenHash);
    clearSessionCookie(reply, ctx.secureCookies);
    return reply.code(204).send();
  });

  app.get('/api/v1/auth/me', { schema: { tags: ['auth'] } }, async (request) => {
    const { actor, csrfToken } = await requireSession(ctx, request);
    return {
      user: { id: actor.userId, orgId: actor.orgId, email: actor.email, role: actor.role, teamId: actor.teamId, ledTeams: actor.ledTeams },
      csrfToken,
    };
  });

  // The one-time link printed on first start when no admin was configured by environment.
  app.post('/api/v1/setup', { config: limited, schema: { tags: ['auth'], body: SetupSchema } }, async (request, reply) => {
    const { token, email, password } = request.body;
    const problem = passwordProblem(password);
    if (problem) throw new HubError(400, 'invalid_request', problem);
    const hash = await hashPassword(password);
    const now = ctx.now();
    const user = await ctx.db.transaction().execute(async (tx) => {
      // Once any admin exists (set up here, by the CLI or by ZVIT_ADMIN_* on a later start) the
      // link has done its job: it is deleted, not redeemed.
      if (await hasAdmin(tx)) {
        await tx.deleteFrom('setup_tokens').execute();
        return null;
      }
      const row = await tx.selectFrom('setup_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
      if (!row || row.expires_at <= now) throw new HubError(400, 'code_invalid', 'This set-up link is not valid (used or expired). Restart the hub for a new one.');
      // Deleting every token makes the link single-use even if two requests race.
      const deleted = await tx.deleteFrom('setup_tokens').where('token_hash', '=', row.token_hash).executeTakeFirst();
      if (Number(deleted.numDeletedRows) !== 1) throw new HubError(400, 'code_invalid', 'This set-up link was just used.');
      await tx.deleteFrom('setup_tokens').execute();
      return createUser(tx, { orgId: row.org_id, email, role: 'admin', teamId: null, passwordHash: hash }, now);
    });
    // Thrown outside the transaction, so that the deletion above is committed.
    if (!user) throw new HubError(400, 'code_invalid', 'This hub already has an admin; set-up links no longer work. Sign in, or ask an admin for an account.');
    const csrfToken = await signIn(reply, user.id);
    request.log.info({ userId: user.id }, 'first admin created through the set-up link');
    return { user: publicUser(user), csrfToken };
  });
}
