// The session an organization's CRM jobs share while an account worker runs them: the connector
// as saved, a client for its CRM paced by the account's bucket, and (Bitrix24) the batcher that
// packs the calls of all these jobs into `batch` requests.
import type http from 'node:http';
import type { Kysely } from 'kysely';
import { ConnectorOptionsSchema, type ConnectorOptions } from '../../shared/integrations.ts';
import type { DB } from '../db/schema.ts';
import { agentFor } from '../egress/request.ts';
import { setPace } from '../jobs/accounts.ts';
import { JobError, type Pacer, type Session, type SessionFactory } from '../jobs/runner.ts';
import { AmoClient } from './amocrm/client.ts';
import { Batcher, Bitrix24Client, B24Error } from './bitrix24/client.ts';
import { oauthEndpoint, webhookEndpoint } from './bitrix24/endpoint.ts';
import { loadConnector, openSecrets, paceOf, type ConnectorRow } from './connectors.ts';
import { egressFor, type Integrations } from './integrations.ts';
import { SecretKeyError } from './secrets.ts';

export interface CrmSession extends Session {
  orgId: string;
  row: ConnectorRow;
  options: ConnectorOptions;
  /** Bitrix24: every call goes through here (batched across the account's jobs). */
  b24: Batcher | null;
  amo: AmoClient | null;
}

export interface CrmSessionDeps {
  db: Kysely<DB>;
  integrations: Integrations;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  instanceId: string;
}

export function crmSessions(deps: CrmSessionDeps): SessionFactory {
  return {
    prefix: 'crm:',
    async open(account: string, pacer: Pacer, running: () => number): Promise<CrmSession> {
      const orgId = account.slice('crm:'.length);
      const row = await loadConnector(deps.db, orgId);
      if (!row) throw new JobError('deferred', 'crm_off', 'No CRM is connected; the job waits until one is.', { retryAfterMs: 3600_000 });
      if (!row.enabled) throw new JobError('deferred', 'crm_off', 'The CRM connector is switched off; the job waits until it is on again.', { retryAfterMs: 600_000 });
      const box = deps.integrations.box;
      if (!box) throw new JobError('deferred', 'hub_secret_key', 'The hub has no ZVIT_SECRET_KEY, so it cannot read the CRM credentials.', { retryAfterMs: 600_000 });
      const options = ConnectorOptionsSchema.parse(JSON.parse(row.options));
      // The documented pace, also for an account whose row was paced before it changed (amoCRM's
      // burst was 7): corrected here, for this worker and for every later holder.
      const pace = paceOf(row.kind, options);
      if (pacer.bucket.rate !== pace.rate || pacer.bucket.burst !== pace.burst) {
        pacer.bucket = { ...pacer.bucket, ...pace, level: Math.min(pacer.bucket.level, pace.burst) };
        await setPace(deps.db, account, pace, deps.now());
      }
      const egress = await egressFor(deps.db, deps.integrations, orgId);
      let agent: http.Agent | null = null;
      try {
        if (row.kind === 'bitrix24') {
          const endpoint =
            row.auth === 'webhook'
              ? webhookEndpoint(openSecrets(box, row).webhookUrl ?? '')
              : oauthEndpoint(row, { db: deps.db, box, egress, now: deps.now, sleep: deps.sleep, owner: deps.instanceId });
          agent = agentFor(egress, 'https:');
          const client = new Bitrix24Client({ endpoint, egress, agent, pacer, now: deps.now });
          return { orgId, row, options, b24: new Batcher(client, running), amo: null, close: () => agent?.destroy() };
        }
        const secrets = openSecrets(box, row);
        agent = agentFor(egress, 'https:');
        const amo = new AmoClient({ db: deps.db, box, orgId, address: row.address, secrets, auth: row.auth, egress, agent, pacer, now: deps.now, sleep: deps.sleep, owner: deps.instanceId });
        return { orgId, row, options, b24: null, amo, close: () => agent?.destroy() };
      } catch (error) {
        agent?.destroy();
        if (error instanceof SecretKeyError) throw new JobError('deferred', 'hub_secret_key', error.message, { retryAfterMs: 600_000 });
        if (error instanceof B24Error) throw error.toJobError('Connecting to Bitrix24');
        throw error;
      }
    },
  };
}
