// First run: an organization and its first admin, from the environment or through a one-time
// set-up link, so a fresh hub never runs with a default password.
import type { Kysely } from 'kysely';
import { createUser, DEFAULT_ORG, ensureOrg, findUserByEmail, hasAdmin } from './accounts.ts';
import { hashPassword, passwordProblem } from './auth/passwords.ts';
import { newToken, sha256 } from './auth/tokens.ts';
import type { DB } from './db/schema.ts';

export const SETUP_TOKEN_TTL_MS = 24 * 3600 * 1000;

export type BootstrapResult =
  | { kind: 'existing' }
  | { kind: 'created'; email: string }
  /** No admin and none configured: the token for the set-up link (shown once). */
  | { kind: 'setup'; token: string; expiresAt: number };

export async function ensureFirstAdmin(db: Kysely<DB>, env: { ZVIT_ADMIN_EMAIL?: string | undefined; ZVIT_ADMIN_PASSWORD?: string | undefined }, now = Date.now()): Promise<BootstrapResult> {
  if (await hasAdmin(db)) {
    // An admin was made some other way (the CLI, the environment) since a link was printed.
    await db.deleteFrom('setup_tokens').execute();
    return { kind: 'existing' };
  }
  const orgId = await ensureOrg(db, DEFAULT_ORG, now);
  const email = env.ZVIT_ADMIN_EMAIL?.trim();
  const password = env.ZVIT_ADMIN_PASSWORD;
  if (email && password) {
    const problem = passwordProblem(password);
    if (problem) throw new Error(`ZVIT_ADMIN_PASSWORD: ${problem}`);
    if (await findUserByEmail(db, email)) throw new Error(`ZVIT_ADMIN_EMAIL: ${email} already exists and is not an admin.`);
    await createUser(db, { orgId, email, role: 'admin', teamId: null, passwordHash: await hashPassword(password) }, now);
    return { kind: 'created', email };
  }
  // A new link on every start until someone uses one; older links stop working.
  const token = newToken('zvsetup');
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('setup_tokens').execute();
    await tx.insertInto('setup_tokens').values({ token_hash: sha256(token), org_id: orgId, created_at: now, expires_at: now + SETUP_TOKEN_TTL_MS }).execute();
  });
  return { kind: 'setup', token, expiresAt: now + SETUP_TOKEN_TTL_MS };
}
