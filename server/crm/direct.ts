// Calls an admin waits for (test the connection, list the CRM's users), made outside the queue.
// They use the account's stored bucket so they respect the same pace, and write it back.
import type { Kysely } from 'kysely';
import type { ConnectionTest } from '../../shared/integrations.ts';
import type { DB } from '../db/schema.ts';
import { HubError } from '../errors.ts';
import { fromRow, type Bucket } from '../jobs/accounts.ts';
import { Pacer } from '../jobs/runner.ts';
import { AmoClient, AmoError } from './amocrm/client.ts';
import { B24Error, Bitrix24Client } from './bitrix24/client.ts';
import { oauthEndpoint, webhookEndpoint } from './bitrix24/endpoint.ts';
import { crmAccount, loadConnector, openSecrets, paceOf, requireBox, setStatus, type ConnectorRow } from './connectors.ts';
import { egressFor, type Integrations } from './integrations.ts';
import type { CrmPerson } from './users.ts';
import { ConnectorOptionsSchema } from '../../shared/integrations.ts';

interface Direct {
  row: ConnectorRow;
  b24: Bitrix24Client | null;
  amo: AmoClient | null;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function direct(db: Kysely<DB>, integrations: Integrations, orgId: string, now: () => number, owner: string): Promise<{ d: Direct; done(): Promise<void> }> {
  const row = await loadConnector(db, orgId);
  if (!row) throw new HubError(404, 'not_found', 'No CRM is connected.');
  const box = requireBox(integrations.box);
  const egress = await egressFor(db, integrations, orgId);
  const stored = await db.selectFrom('job_accounts').selectAll().where('account', '=', crmAccount(orgId)).executeTakeFirst();
  const pace = paceOf(row.kind, ConnectorOptionsSchema.parse(JSON.parse(row.options)));
  const bucket: Bucket = stored ? fromRow(stored) : { ...pace, level: 0, levelAt: now(), blockedUntil: 0 };
  const pacer = new Pacer(bucket, now, realSleep);
  const done = async () => {
    await db.updateTable('job_accounts').set({ level: pacer.bucket.level, level_at: pacer.bucket.levelAt, blocked_until: pacer.bucket.blockedUntil }).where('account', '=', crmAccount(orgId)).execute();
  };
  if (row.kind === 'bitrix24') {
    const endpoint = row.auth === 'webhook' ? webhookEndpoint(openSecrets(box, row).webhookUrl ?? '') : oauthEndpoint(row, { db, box, egress, now, sleep: realSleep, owner });
    return { d: { row, b24: new Bitrix24Client({ endpoint, egress, pacer, now, timeoutMs: 20_000 }), amo: null }, done };
  }
  return { d: { row, b24: null, amo: new AmoClient({ db, box, orgId, address: row.address, auth: row.auth, secrets: openSecrets(box, row), egress, pacer, now, sleep: realSleep, owner }) }, done };
}

const B24_CHECKS: { name: string; method: string; params: Record<string, unknown> }[] = [
  { name: 'users', method: 'user.get', params: { FILTER: { ACTIVE: true }, start: 0 } },
  { name: 'work day (timeman)', method: 'timeman.settings', params: {} },
  { name: 'tasks and task time', method: 'tasks.task.list', params: { select: ['ID'], start: 0 } },
  { name: 'deals', method: 'crm.deal.list', params: { SELECT: ['ID'], start: 0 } },
  { name: 'activities (meetings)', method: 'crm.activity.list', params: { SELECT: ['ID'], start: 0 } },
  { name: 'call statistics', method: 'voximplant.statistic.get', params: { start: 0 } },
  { name: 'chat messages', method: 'im.dialog.messages.get', params: { DIALOG_ID: '1', LIMIT: 1 } },
];

/** Calls the CRM with the saved credentials and reports what they may do. */
export async function testConnection(db: Kysely<DB>, integrations: Integrations, orgId: string, now: () => number, owner: string): Promise<ConnectionTest> {
  let result: ConnectionTest;
  let opened;
  try {
    opened = await direct(db, integrations, orgId, now, owner);
  } catch (error) {
    if (error instanceof HubError) throw error;
    result = { ok: false, at: now(), actingAs: null, capabilities: [], message: (error as Error).message, code: 'cannot_open', detail: (error as Error).message };
    await save(db, orgId, result, now());
    return result;
  }
  const { d, done } = opened;
  try {
    if (d.b24) {
      const profile = await d.b24.call('profile');
      const me = profile.result as { ID?: string; NAME?: string; LAST_NAME?: string; ADMIN?: boolean };
      const answers = await d.b24.batch(B24_CHECKS.map((c) => ({ method: c.method, params: c.params })));
      const capabilities = B24_CHECKS.map((c, i) => {
        const a = answers[i]!;
        return a instanceof B24Error ? { name: c.name, ok: false, detail: `${a.code}: ${a.message}` } : { name: c.name, ok: true, detail: '' };
      });
      const missing = capabilities.filter((c) => !c.ok).map((c) => c.name);
      result = {
        ok: missing.length === 0,
        at: now(),
        actingAs: `${[me.NAME, me.LAST_NAME].filter(Boolean).join(' ') || 'user'} (id ${me.ID ?? '?'})${me.ADMIN ? ', administrator' : ''}`,
        capabilities,
        message: missing.length ? `Connected, but these are not allowed: ${missing.join(', ')}. Give the webhook or application those scopes.` : 'Connected: everything Zvit sends and reads is allowed.',
        code: missing.length ? 'partial' : 'ok',
        detail: null,
      };
    } else {
      const account = (await d.amo!.get('/api/v4/account')) as { name?: string; id?: number };
      const checks: [string, string][] = [
        ['users', '/api/v4/users?limit=1'],
        ['tasks', '/api/v4/tasks?limit=1'],
        ['events (calls)', '/api/v4/events?limit=1'],
      ];
      const capabilities = [];
      for (const [name, path] of checks) {
        try {
          await d.amo!.get(path);
          capabilities.push({ name, ok: true, detail: '' });
        } catch (error) {
          capabilities.push({ name, ok: false, detail: (error as Error).message });
        }
      }
      const missing = capabilities.filter((c) => !c.ok).map((c) => c.name);
      result = { ok: !missing.length, at: now(), actingAs: `${account.name ?? 'account'} (id ${account.id ?? '?'})`, capabilities, message: missing.length ? `Connected, but these are not allowed: ${missing.join(', ')}.` : 'Connected.', code: missing.length ? 'partial' : 'ok', detail: null };
    }
  } catch (error) {
    const e = error as B24Error | AmoError;
    const auth = (e instanceof B24Error && e.status === 401) || (e instanceof AmoError && (e.status === 401 || e.status === 403));
    result = { ok: false, at: now(), actingAs: null, capabilities: [], message: auth ? `The CRM refused the credentials: ${e.message}` : `The CRM could not be reached: ${e.message}`, code: auth ? 'auth_refused' : 'unreachable', detail: e.message };
  } finally {
    await done();
  }
  await save(db, orgId, result, now());
  return result;
}

async function save(db: Kysely<DB>, orgId: string, result: ConnectionTest, now: number) {
  await db.updateTable('crm_connectors').set({ test_result: JSON.stringify(result) }).where('org_id', '=', orgId).execute();
  await setStatus(db, orgId, result.ok ? 'ok' : result.code === 'auth_refused' ? 'auth_failed' : 'error', result.message, now);
}

/** The CRM's active users (Bitrix24: every page of 50; amoCRM: pages of 250). */
export async function crmPeople(db: Kysely<DB>, integrations: Integrations, orgId: string, now: () => number, owner: string): Promise<CrmPerson[]> {
  let opened;
  try {
    opened = await direct(db, integrations, orgId, now, owner);
  } catch (error) {
    // A Bitrix24 application not installed yet has no tokens: say so, not 500.
    if (error instanceof B24Error || error instanceof AmoError) throw new HubError(502, 'invalid_request', `The CRM cannot be asked for its users: ${error.message}`);
    throw error;
  }
  const { d, done } = opened;
  try {
    if (d.b24) {
      type U = { ID: string; NAME?: string; LAST_NAME?: string; EMAIL?: string };
      const first = await d.b24.call('user.get', { FILTER: { ACTIVE: true }, start: 0 });
      const users = [...(first.result as U[])];
      const starts = [];
      for (let s = 50; s < (first.total ?? 0); s += 50) starts.push(s);
      for (let i = 0; i < starts.length; i += 50) {
        const pages = await d.b24.batch(starts.slice(i, i + 50).map((start) => ({ method: 'user.get', params: { FILTER: { ACTIVE: true }, start } })));
        for (const p of pages) if (!(p instanceof B24Error)) users.push(...(p.result as U[]));
      }
      return users.map((u) => ({ id: String(u.ID), name: [u.NAME, u.LAST_NAME].filter(Boolean).join(' ') || u.EMAIL || String(u.ID), email: u.EMAIL ?? null }));
    }
    const out: CrmPerson[] = [];
    for (let page = 1; page <= 40; page++) {
      const got = (await d.amo!.get('/api/v4/users', { limit: 250, page })) as { _embedded?: { users?: { id: number; name: string; email: string }[] } } | null;
      const list = got?._embedded?.users ?? [];
      out.push(...list.map((u) => ({ id: String(u.id), name: u.name, email: u.email ?? null })));
      if (list.length < 250) break;
    }
    return out;
  } catch (error) {
    if (error instanceof B24Error || error instanceof AmoError) throw new HubError(502, 'invalid_request', `The CRM did not give its users: ${error.message}`);
    throw error;
  } finally {
    await done();
  }
}
