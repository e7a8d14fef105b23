// `zvit hub crm|jobs|webhook|token …`: what an admin does in the dashboard's integration screens,
// from the server's shell. Secrets are read from stdin (never argv, which every user sees in
// `ps`); a secret the hub makes (whsec_, zvt_) is printed once on stdout, alone, for a script.
import type { ParseArgsConfig } from 'node:util';
import type { Kysely } from 'kysely';
import { ConnectorOptionsSchema, WEBHOOK_EVENTS, type ConnectorInput, type WebhookEventType } from '../../shared/integrations.ts';
import { LOCALES, type Locale } from '../../shared/locale.ts';
import { DEFAULT_ORG, findOrgId, findUserByEmail } from '../accounts.ts';
import type { DB } from '../db/schema.ts';
import { retryDead } from '../jobs/queue.ts';
import { createApiToken, revokeApiToken } from '../actuals/tokens.ts';
import { addEndpoint, publicEndpoint } from '../webhooks/endpoints.ts';
import { AmoError, exchangeAmoCode } from './amocrm/client.ts';
import { loadConnector, publicConnector, requireBox, saveConnector, setStatus } from './connectors.ts';
import { crmPeople, testConnection } from './direct.ts';
import { egressFor, type Integrations } from './integrations.ts';
import { secretBox } from './secrets.ts';
import { matchByEmail, setLink } from './users.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
interface Tools {
  parse(argv: string[], options: Options): { values: Record<string, unknown>; positionals: string[] };
  withDatabase<T>(values: Record<string, unknown>, run: (db: Kysely<DB>) => Promise<T>): Promise<T>;
  readStdin(): Promise<string>;
  UsageError: new (message: string) => Error;
  EXIT: { ok: number; failed: number; usage: number };
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const out = (text: string) => process.stdout.write(`${text}\n`);
const note = (text: string) => process.stderr.write(`${text}\n`);

function integrations(): Integrations {
  return {
    box: secretBox(process.env.ZVIT_SECRET_KEY),
    allowFromEnvironment: process.env.ZVIT_WEBHOOK_ALLOW ?? '',
    publicUrl: (process.env.ZVIT_PUBLIC_URL ?? 'http://127.0.0.1:8787').replace(/\/+$/, ''),
    runner: null,
  };
}

async function orgId(db: Kysely<DB>, name: string | undefined): Promise<string> {
  const orgId = await findOrgId(db, name ?? DEFAULT_ORG);
  const org = orgId ? { id: orgId } : undefined;
  if (!org) throw new Error(`No organization named "${name ?? DEFAULT_ORG}".`);
  return org.id;
}

export async function integrationsCommand(argv: string[], t: Tools): Promise<number> {
  const [command, sub] = argv;
  const org = { org: { type: 'string' } } as const;
  const integ = integrations();
  const now = Date.now;

  if (command === 'crm') {
    const rest = argv.slice(2);
    const save = async (values: Record<string, unknown>, input: ConnectorInput) =>
      t.withDatabase(values, async (db) => {
        const id = await orgId(db, str(values.org));
        const row = await saveConnector(db, integ.box, id, input, now(), integ.publicUrl);
        const view = publicConnector(row, integ.box, { waiting: 0, dead: 0 }, integ.publicUrl);
        note(`Saved: ${view.kind} at ${view.address} (${view.auth}), status ${view.status}.`);
        if (view.appUrls) note(`In the application's card in Bitrix24 set\n  handler path:      ${view.appUrls.handler}\n  installation path: ${view.appUrls.install}`);
        note('Next: `zvit hub crm test`, then `zvit hub crm match`.');
        return t.EXIT.ok;
      });
    if (sub === 'bitrix24') {
      const { values } = t.parse(rest, { ...org, 'webhook-url': { type: 'string' }, plan: { type: 'string' } });
      const url = str(values['webhook-url']);
      if (!url) throw new t.UsageError('crm bitrix24 needs --webhook-url');
      const plan = str(values.plan) ?? 'standard';
      if (plan !== 'standard' && plan !== 'enterprise') throw new t.UsageError('--plan is standard or enterprise');
      return save(values, { kind: 'bitrix24', credentials: { auth: 'webhook', webhookUrl: url }, options: ConnectorOptionsSchema.parse({ plan }) });
    }
    if (sub === 'bitrix24-app') {
      const { values } = t.parse(rest, { ...org, portal: { type: 'string' }, 'client-id': { type: 'string' }, 'client-secret-stdin': { type: 'boolean' } });
      const portal = str(values.portal);
      const clientId = str(values['client-id']);
      if (!portal || !clientId || !values['client-secret-stdin']) throw new t.UsageError('crm bitrix24-app needs --portal, --client-id and --client-secret-stdin');
      return save(values, { kind: 'bitrix24', address: portal, credentials: { auth: 'oauth', clientId, clientSecret: await t.readStdin() } });
    }
    if (sub === 'amocrm') {
      const { values } = t.parse(rest, {
        ...org,
        address: { type: 'string' },
        'token-stdin': { type: 'boolean' },
        oauth: { type: 'boolean' },
        'client-id': { type: 'string' },
        'redirect-uri': { type: 'string' },
        code: { type: 'string' },
        'client-secret-stdin': { type: 'boolean' },
      });
      const address = str(values.address);
      const options = ConnectorOptionsSchema.parse({ report: { to: 'none' } });
      if (!values.oauth) {
        if (!address || !values['token-stdin']) throw new t.UsageError('crm amocrm needs --address and --token-stdin (a long-lived token), or --oauth');
        return save(values, { kind: 'amocrm', address, credentials: { auth: 'token', token: await t.readStdin() }, options });
      }
      // OAuth: the integration's keys and its one-time authorization code (20 minutes, single use).
      // The code is useless without the client secret, which comes on stdin like every secret here.
      const clientId = str(values['client-id']);
      const redirectUri = str(values['redirect-uri']);
      const code = str(values.code);
      if (!address || !clientId || !redirectUri || !code || !values['client-secret-stdin']) {
        throw new t.UsageError('crm amocrm --oauth needs --address, --client-id, --redirect-uri, --code and --client-secret-stdin');
      }
      const clientSecret = await t.readStdin();
      return t.withDatabase(values, async (db) => {
        const id = await orgId(db, str(values.org));
        const row = await saveConnector(db, integ.box, id, { kind: 'amocrm', address, credentials: { auth: 'oauth', clientId, clientSecret, code, redirectUri }, options }, now(), integ.publicUrl);
        try {
          // The same exchange the dashboard makes: the first token pair is stored, the code forgotten.
          await exchangeAmoCode(db, requireBox(integ.box), row, await egressFor(db, integ, id));
        } catch (error) {
          if (!(error instanceof AmoError)) throw error;
          await setStatus(db, id, 'auth_failed', error.message, now());
          note(error.message);
          return t.EXIT.failed;
        }
        note(`Saved: amocrm at ${row.address} (oauth); the authorization code was exchanged for tokens, status ${row.status}.`);
        note('Next: `zvit hub crm test`, then `zvit hub crm match`.');
        return t.EXIT.ok;
      });
    }
    const { values } = t.parse(rest, { ...org, user: { type: 'string' }, 'crm-user': { type: 'string' }, locale: { type: 'string' } });
    return t.withDatabase(values, async (db) => {
      const id = await orgId(db, str(values.org));
      if (sub === 'show' || sub === undefined) {
        const row = await loadConnector(db, id);
        out(JSON.stringify(row ? publicConnector(row, integ.box, { waiting: 0, dead: 0 }, integ.publicUrl) : null, null, 2));
        return t.EXIT.ok;
      }
      if (sub === 'test') {
        const result = await testConnection(db, integ, id, now, 'cli');
        note(result.message);
        for (const c of result.capabilities) note(`  ${c.ok ? 'ok  ' : 'NO  '} ${c.name}${c.detail ? ` — ${c.detail}` : ''}`);
        return result.ok ? t.EXIT.ok : t.EXIT.failed;
      }
      if (sub === 'match') {
        const { matched, unmatched } = await matchByEmail(db, id, await crmPeople(db, integ, id, now, 'cli'), now());
        note(`Linked ${matched} user(s) by email.${unmatched.length ? ` Not found in the CRM: ${unmatched.join(', ')}.` : ''}`);
        return t.EXIT.ok;
      }
      if (sub === 'link') {
        const email = str(values.user);
        const crmUser = str(values['crm-user']);
        const locale = str(values.locale);
        if (!email || !crmUser) throw new t.UsageError('crm link needs --user EMAIL and --crm-user ID');
        if (locale && !LOCALES.includes(locale as Locale)) throw new t.UsageError(`--locale is one of ${LOCALES.join(', ')}`);
        const user = await findUserByEmail(db, email);
        if (!user || user.org_id !== id) throw new Error(`No user ${email} in this organization.`);
        await setLink(db, id, user.id, { crmUserId: crmUser, source: 'admin', ...(locale ? { locale: locale as Locale } : {}) }, now());
        note(`${email} → CRM user ${crmUser}.`);
        return t.EXIT.ok;
      }
      if (sub === 'off' || sub === 'on') {
        await db.updateTable('crm_connectors').set({ enabled: sub === 'on' ? 1 : 0, updated_at: now() }).where('org_id', '=', id).execute();
        note(sub === 'on' ? 'Sending to the CRM again.' : 'Paused: jobs wait until `zvit hub crm on`.');
        return t.EXIT.ok;
      }
      throw new t.UsageError(`Unknown command: hub crm ${sub}`);
    });
  }

  if (command === 'jobs') {
    const { values, positionals } = t.parse(argv.slice(1), { ...org, dead: { type: 'boolean' }, all: { type: 'boolean' } });
    return t.withDatabase(values, async (db) => {
      const id = await orgId(db, str(values.org));
      if (positionals[0] === 'retry') {
        const ids = positionals.slice(1);
        if (!values.all && !ids.length) throw new t.UsageError('jobs retry takes job ids or --all');
        note(`${await retryDead(db, id, values.all ? 'all' : ids, now())} job(s) queued again.`);
        return t.EXIT.ok;
      }
      let q = db.selectFrom('jobs').select(['id', 'kind', 'state', 'attempts', 'last_error', 'last_answer', 'updated_at']).where('org_id', '=', id);
      if (values.dead) q = q.where('state', '=', 'dead');
      const rows = await q.orderBy('updated_at', 'desc').limit(200).execute();
      for (const r of rows) out(`${r.id}  ${r.state.padEnd(7)} ${r.kind.padEnd(18)} attempts ${r.attempts}${r.last_error ? `\n    ${r.last_error}` : ''}${r.last_answer ? `\n    answer: ${r.last_answer}` : ''}`);
      if (!rows.length) note(values.dead ? 'No dead letters.' : 'No jobs.');
      return t.EXIT.ok;
    });
  }

  if (command === 'webhook') {
    const { values } = t.parse(argv.slice(2), { ...org, url: { type: 'string' }, events: { type: 'string' }, description: { type: 'string' } });
    return t.withDatabase(values, async (db) => {
      const id = await orgId(db, str(values.org));
      if (sub === 'add') {
        const url = str(values.url);
        const events = (str(values.events) ?? '').split(',').map((e) => e.trim()).filter(Boolean);
        if (!url || !events.length) throw new t.UsageError('webhook add needs --url URL --events E1,E2');
        const unknown = events.filter((e) => !WEBHOOK_EVENTS.includes(e as WebhookEventType));
        if (unknown.length) throw new t.UsageError(`Unknown event(s): ${unknown.join(', ')}. Events: ${WEBHOOK_EVENTS.join(', ')}`);
        const { row, secret } = await addEndpoint(db, integ.box, id, { url, events: events as WebhookEventType[], description: str(values.description) ?? '' }, now());
        out(row.id);
        out(secret);
        note(`Endpoint ${row.id} sends ${events.join(', ')} to ${url}. Verify the signatures with the secret above (Standard Webhooks); it is not shown again.`);
        return t.EXIT.ok;
      }
      if (sub === 'list') {
        const rows = await db.selectFrom('webhook_endpoints').selectAll().where('org_id', '=', id).execute();
        for (const r of rows) {
          const e = publicEndpoint(r, integ.box, now());
          out(`${e.id}  ${e.enabled ? 'on ' : 'OFF'}  ${e.url}  ${e.events.join(',')}${e.disabledReason ? `\n    ${e.disabledReason}` : ''}`);
        }
        return t.EXIT.ok;
      }
      throw new t.UsageError(`Unknown command: hub webhook ${sub ?? ''}`);
    });
  }

  // token
  const { values, positionals } = t.parse(argv.slice(2), { ...org, name: { type: 'string' }, scope: { type: 'string', multiple: true } });
  return t.withDatabase(values, async (db) => {
    const id = await orgId(db, str(values.org));
    if (sub === 'add') {
      const name = str(values.name);
      if (!name) throw new t.UsageError('token add needs --name');
      const scopes = (values.scope as string[] | undefined) ?? ['kpi:write'];
      if (scopes.some((s) => s !== 'kpi:write')) throw new t.UsageError('--scope: kpi:write');
      const { row, secret } = await createApiToken(db, { orgId: id, name, scopes: scopes as 'kpi:write'[], createdBy: null }, now());
      out(secret);
      note(`Token ${row.id} (${name}) may ${scopes.join(', ')}. Send it as "Authorization: Bearer …"; it is not shown again.`);
      return t.EXIT.ok;
    }
    if (sub === 'revoke') {
      const tokenId = positionals[0];
      if (!tokenId) throw new t.UsageError('token revoke takes the token id');
      await revokeApiToken(db, id, tokenId, now());
      note(`Token ${tokenId} revoked.`);
      return t.EXIT.ok;
    }
    throw new t.UsageError(`Unknown command: hub token ${sub ?? ''}`);
  });
}
