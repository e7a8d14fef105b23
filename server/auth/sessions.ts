// Dashboard sessions: a random token in an HttpOnly, SameSite=Strict cookie, stored hashed, with
// a CSRF token beside it. SameSite already stops other sites' requests from carrying the cookie
// in modern browsers; the header check covers older ones and same-site subdomains.
// Type-only import: brings @fastify/cookie's request.cookies / reply.setCookie declarations.
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { loadActor, type Actor } from '../access.ts';
import type { DB } from '../db/schema.ts';
import { HubError } from '../errors.ts';
import { newToken, sameSecret, sha256 } from './tokens.ts';

export const SESSION_COOKIE = 'zvit_session';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

export interface Session {
  actor: Actor;
  csrfToken: string;
  tokenHash: string;
}

export async function createSession(db: Kysely<DB>, userId: string, now = Date.now()): Promise<{ token: string; csrfToken: string }> {
  const token = newToken('zvs');
  const csrfToken = newToken('zvs').slice(4);
  await db.insertInto('sessions').values({ token_hash: sha256(token), user_id: userId, csrf_token: csrfToken, created_at: now, expires_at: now + SESSION_TTL_MS }).execute();
  // Expired sessions are swept here rather than by a timer: logins are rare and this is cheap.
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  return { token, csrfToken };
}

export async function deleteSession(db: Kysely<DB>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: SESSION_TTL_MS / 1000 });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in user, or 401; for state-changing methods also checks the CSRF header. */
export async function requireSession(ctx: { db: Kysely<DB>; now(): number }, request: FastifyRequest): Promise<Session> {
  const { db } = ctx;
  const now = ctx.now();
  const token = request.cookies[SESSION_COOKIE];
  if (!token) throw new HubError(401, 'unauthorized', 'Sign in first.');
  const tokenHash = sha256(token);
  const row = await db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!row || row.expires_at <= now) throw new HubError(401, 'unauthorized', 'Your session has ended; sign in again.');
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameSecret(sent, row.csrf_token)) {
      throw new HubError(403, 'csrf', `A change needs the ${CSRF_HEADER} header that came with the sign-in.`);
    }
  }
  const actor = await loadActor(db, row.user_id);
  if (!actor) throw new HubError(401, 'unauthorized', 'Your account no longer exists.');
  return { actor, csrfToken: row.csrf_token, tokenHash };
}
