// Which CRM user each hub user is: matched by email (the CRM's user list against the hub's), or
// set by an admin, who may also set the language the CRM gets that manager's report in.
import type { Kysely } from 'kysely';
import type { CrmUserLink } from '../../shared/integrations.ts';
import type { Locale } from '../../shared/locale.ts';
import type { DB } from '../db/schema.ts';
import { JobError } from '../jobs/runner.ts';

export interface CrmPerson {
  id: string;
  name: string;
  email: string | null;
}

export async function links(db: Kysely<DB>, orgId: string): Promise<CrmUserLink[]> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('crm_users', 'crm_users.user_id', 'users.id')
    .select(['users.id', 'users.email', 'crm_users.crm_user_id', 'crm_users.crm_name', 'crm_users.source', 'crm_users.locale'])
    .where('users.org_id', '=', orgId)
    .orderBy('users.email')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    name: r.email,
    crmUserId: r.crm_user_id ?? null,
    crmName: r.crm_name ?? null,
    source: r.source ?? null,
    locale: (r.locale as Locale | null) ?? null,
  }));
}

/**
 * Links every hub user without a link an admin set to the CRM user with the same email.
 * Returns the emails left unmatched.
 */
export async function matchByEmail(db: Kysely<DB>, orgId: string, people: readonly CrmPerson[], now: number): Promise<{ matched: number; unmatched: string[] }> {
  const byEmail = new Map(people.filter((p) => p.email).map((p) => [p.email!.trim().toLowerCase(), p]));
  const users = await links(db, orgId);
  let matched = 0;
  const unmatched: string[] = [];
  for (const u of users) {
    if (u.source === 'admin') continue;
    const p = byEmail.get(u.email);
    if (!p) {
      unmatched.push(u.email);
      continue;
    }
    await setLink(db, orgId, u.userId, { crmUserId: p.id, crmName: p.name, source: 'email' }, now);
    matched++;
  }
  return { matched, unmatched };
}

export async function setLink(
  db: Kysely<DB>,
  orgId: string,
  userId: string,
  link: { crmUserId: string | null; crmName?: string | null; source: 'email' | 'admin'; locale?: Locale | null },
  now: number,
): Promise<void> {
  const values = {
    org_id: orgId,
    user_id: userId,
    crm_user_id: link.crmUserId,
    crm_name: link.crmName ?? null,
    source: link.source,
    locale: link.locale ?? null,
    updated_at: now,
  };
  const { locale: _keep, ...withoutLocale } = values;
  await db
    .insertInto('crm_users')
    .values(values)
    .onConflict((oc) => oc.column('user_id').doUpdateSet(link.locale === undefined ? withoutLocale : values))
    .execute();
}

export interface LinkedUser {
  userId: string;
  email: string;
  crmUserId: string;
  locale: Locale;
}

/** The CRM user a job acts for; a dead letter naming the person when there is none. */
export async function linkedUser(db: Kysely<DB>, userId: string, defaultLocale: Locale): Promise<LinkedUser> {
  const row = await db
    .selectFrom('users')
    .leftJoin('crm_users', 'crm_users.user_id', 'users.id')
    .select(['users.id', 'users.email', 'crm_users.crm_user_id', 'crm_users.locale'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new JobError('permanent', 'hub_data_missing', `The hub user ${userId} no longer exists.`);
  if (!row.crm_user_id) throw new JobError('permanent', 'crm_user_unlinked', `${row.email} is not linked to a CRM user. Link them in the CRM settings (match by email, or choose by hand), then retry.`);
  return { userId: row.id, email: row.email, crmUserId: row.crm_user_id, locale: (row.locale as Locale | null) ?? defaultLocale };
}

/** Every linked user of the organization (managers and leads). */
export async function linkedUsers(db: Kysely<DB>, orgId: string): Promise<{ userId: string; crmUserId: string }[]> {
  const rows = await db.selectFrom('crm_users').select(['user_id', 'crm_user_id']).where('org_id', '=', orgId).where('crm_user_id', 'is not', null).execute();
  return rows.map((r) => ({ userId: r.user_id, crmUserId: r.crm_user_id! }));
}
