// Organizations, teams and users: the queries the CLI, the bootstrap and the dashboard API share.
import type { Kysely } from 'kysely';
import { uuidv7 } from '../shared/uuid.ts';
import { nextSeq } from './changes.ts';
import { isUniqueViolation } from './db/errors.ts';
import type { DB, Role, UsersTable } from './db/schema.ts';
import { HubError } from './errors.ts';

export const ROLES: readonly Role[] = ['admin', 'lead', 'manager'];
/**
 * The organization made at first set-up is stored under this name until an admin names it; the
 * screens never show it (orgLabel gives null, and they say "Your organization" in the person's
 * language). The CLIs' "the default organization" finds it by this name, or, once renamed, the
 * first organization made.
 */
export const DEFAULT_ORG = 'Default';

/** The organization's name as the screens get it: null while it is still the unnamed default. */
export function orgLabel(name: string): string | null {
  return name === DEFAULT_ORG ? null : name;
}

/** An organization by name; the default one (see DEFAULT_ORG) also after it was renamed. */
export async function findOrgId(db: Kysely<DB>, name: string): Promise<string | undefined> {
  const found = await db.selectFrom('orgs').select('id').where('name', '=', name).executeTakeFirst();
  if (found || name !== DEFAULT_ORG) return found?.id;
  return (await db.selectFrom('orgs').select('id').orderBy('created_at').orderBy('id').limit(1).executeTakeFirst())?.id;
}

export type UserRow = UsersTable;

/** Names an organization; 409 when another organization of this hub has the name (or it is DEFAULT_ORG's). */
export async function nameOrg(db: Kysely<DB>, orgId: string, name: string): Promise<void> {
  const clash = await db.selectFrom('orgs').select('id').where('name', '=', name).where('id', '!=', orgId).executeTakeFirst();
  if (clash || name === DEFAULT_ORG) throw new HubError(409, 'conflict', `An organization named "${name}" already exists on this hub.`);
  await db.updateTable('orgs').set({ name }).where('id', '=', orgId).execute();
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function ensureOrg(db: Kysely<DB>, name: string, now = Date.now()): Promise<string> {
  const found = await findOrgId(db, name);
  if (found) return found;
  const id = uuidv7(now);
  await db.insertInto('orgs').values({ id, name, created_at: now }).execute();
  return id;
}

export async function ensureTeam(db: Kysely<DB>, orgId: string, name: string, now = Date.now()): Promise<string> {
  const found = await db.selectFrom('teams').select('id').where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
  if (found) return found.id;
  const id = uuidv7(now);
  const seq = await nextSeq(db);
  try {
    await db
      .insertInto('teams')
      .values({ id, org_id: orgId, name, policy: null, kpis: '[]', targets: '[]', settings_seq: seq, created_at: now, leaderboard_named: 0 })
      .execute();
  } catch (error) {
    // Made at the same moment by another request: that team is the one asked for.
    if (!isUniqueViolation(error)) throw error;
    const made = await db.selectFrom('teams').select('id').where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
    if (!made) throw error;
    return made.id;
  }
  return id;
}

export interface NewUser {
  orgId: string;
  email: string;
  role: Role;
  /** A manager's team; for a lead, the team they lead (also their own). */
  teamId: string | null;
  passwordHash?: string | null;
  /** Display name; the email stands in until one is set. */
  name?: string;
}

export async function createUser(db: Kysely<DB>, user: NewUser, now = Date.now()): Promise<UserRow> {
  const email = normalizeEmail(user.email);
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) throw new HubError(400, 'invalid_request', `"${user.email}" is not an email address.`);
  if (user.role === 'manager' && !user.teamId) throw new HubError(400, 'invalid_request', 'A manager needs a team.');
  // Emails are unique across the whole hub (they sign in with it). Whether the email belongs to
  // this organization or another, the answer is the same 409, so an admin learns only that the
  // email cannot be used, never who holds it.
  const taken = () => new HubError(409, 'conflict', `A user with the email ${email} already exists.`);
  const exists = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (exists) throw taken();
  const row: UserRow = {
    id: uuidv7(now),
    org_id: user.orgId,
    email,
    role: user.role,
    team_id: user.teamId,
    password_hash: user.passwordHash ?? null,
    targets: null,
    settings_seq: await nextSeq(db),
    created_at: now,
    name: user.name?.trim() ?? '',
    locale: null,
    deactivated_at: null,
  };
  try {
    await db.insertInto('users').values(row).execute();
  } catch (error) {
    // Two requests for the same email at once: the second meets the unique constraint.
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
  // A one-time set-up link exists only while there is no admin.
  if (user.role === 'admin') await db.deleteFrom('setup_tokens').execute();
  if (user.role === 'lead' && user.teamId) await addLead(db, user.teamId, row.id);
  return row;
}

export async function addLead(db: Kysely<DB>, teamId: string, userId: string): Promise<void> {
  await db.insertInto('team_leads').values({ team_id: teamId, user_id: userId }).onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing()).execute();
}

export async function findUserByEmail(db: Kysely<DB>, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

export async function findUser(db: Kysely<DB>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setPasswordHash(db: Kysely<DB>, userId: string, hash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
}

export async function hasAdmin(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirst();
  return row !== undefined;
}

/** What the dashboard shows of a user; never the password hash. */
export function publicUser(u: UserRow) {
  return { id: u.id, orgId: u.org_id, email: u.email, role: u.role, teamId: u.team_id };
}
export type PublicUser = ReturnType<typeof publicUser>;
