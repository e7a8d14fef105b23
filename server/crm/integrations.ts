// What the integration parts of the hub share at run time: the secret box, the egress rules, the
// hub's public address, and the job runner (with every job kind and account kind registered).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { parseAllowList, type AllowList } from '../egress/guard.ts';
import type { Egress } from '../egress/request.ts';
import type { JobRunner } from '../jobs/runner.ts';
import type { SecretBox } from './secrets.ts';

export interface Integrations {
  box: SecretBox | null;
  /** ZVIT_WEBHOOK_ALLOW as the operator set it. */
  allowFromEnvironment: string;
  /** Extra trusted CAs for outgoing TLS (NODE_EXTRA_CA_CERTS also works). */
  ca?: string | undefined;
  /** The hub's address as others reach it (install and event URLs). */
  publicUrl: string;
  runner: JobRunner | null;
}

export async function orgAllowList(db: Kysely<DB>, integrations: Pick<Integrations, 'allowFromEnvironment'>, orgId: string): Promise<AllowList> {
  const row = await db.selectFrom('org_integration_settings').select('webhook_allow').where('org_id', '=', orgId).executeTakeFirst();
  return parseAllowList(integrations.allowFromEnvironment, row?.webhook_allow ?? '');
}

export async function egressFor(db: Kysely<DB>, integrations: Integrations, orgId: string): Promise<Egress> {
  return { allow: await orgAllowList(db, integrations, orgId), ca: integrations.ca };
}
