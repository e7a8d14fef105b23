// Who may see and change what (PRODUCT.md, "Access hierarchy"): a manager only their own data,
// a lead only the teams they lead, an admin everything in their organization. Reading and
// writing are separate questions, asked by separate functions.
import type { Kysely } from 'kysely';
import type { DB, Role } from './db/schema.ts';
import { forbidden, notFound } from './errors.ts';

export interface Actor {
  userId: string;
  orgId: string;
  role: Role;
  email: string;
  teamId: string | null;
  /** Teams this user leads (empty unless a lead). */
  ledTeams: readonly string[];
}

export interface Subject {
  id: string;
  org_id: string;
  team_id: string | null;
}

export async function loadActor(db: Kysely<DB>, userId: string): Promise<Actor | null> {
  const user = await db.selectFrom('users').select(['id', 'org_id', 'role', 'email', 'team_id', 'deactivated_at']).where('id', '=', userId).executeTakeFirst();
  // A deactivated account acts as none: its sessions end with 401.
  if (!user || user.deactivated_at !== null) return null;
  const led = user.role === 'lead' ? await db.selectFrom('team_leads').select('team_id').where('user_id', '=', userId).execute() : [];
  return { userId: user.id, orgId: user.org_id, role: user.role, email: user.email, teamId: user.team_id, ledTeams: led.map((r) => r.team_id) };
}

export function canReadTeam(actor: Actor, team: { id: string; org_id: string }): boolean {
  if (team.org_id !== actor.orgId) return false;
  if (actor.role === 'admin') return true;
  if (actor.role === 'lead') return actor.ledTeams.includes(team.id);
  return false;
}

/** Targets and KPI definitions: the team's lead or an admin. Policy is admin-only (canAdminister). */
export const canWriteTeam = canReadTeam;

export function canAdminister(actor: Actor, orgId: string): boolean {
  return actor.role === 'admin' && actor.orgId === orgId;
}

export function canReadUser(actor: Actor, subject: Subject): boolean {
  if (subject.org_id !== actor.orgId) return false;
  if (subject.id === actor.userId) return true;
  if (actor.role === 'admin') return true;
  return actor.role === 'lead' && subject.team_id !== null && actor.ledTeams.includes(subject.team_id);
}

/**
 * Acting on a user's behalf from the dashboard (reviewing their report, enrollment codes,
 * targets, revoking devices): their lead or an admin, never the user themself, because a
 * manager approving their own report is not a review.
 */
export function canManageUser(actor: Actor, subject: Subject): boolean {
  if (subject.org_id !== actor.orgId) return false;
  if (actor.role === 'admin') return true;
  return actor.role === 'lead' && subject.id !== actor.userId && subject.team_id !== null && actor.ledTeams.includes(subject.team_id);
}

/**
 * Loads a user and checks a right. Someone who may not even read the user gets 404, so ids of
 * other teams and organizations cannot be probed; one who may read but not act gets 403.
 */
export async function requireUser(db: Kysely<DB>, actor: Actor, userId: string, right: 'read' | 'manage'): Promise<Subject & { email: string }> {
  const subject = await db.selectFrom('users').select(['id', 'org_id', 'team_id', 'email']).where('id', '=', userId).executeTakeFirst();
  if (!subject || !canReadUser(actor, subject)) throw notFound('The user');
  if (right === 'manage' && !canManageUser(actor, subject)) throw forbidden('Only the user\'s lead or an admin may do this.');
  return subject;
}
