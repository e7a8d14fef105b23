// An organization's CRM connector: which CRM, its address, the credentials (sealed with
// ZVIT_SECRET_KEY, never read back), what to send, and its state for the admin. Saving one also
// sets the account's pace in the job queue, so every hub instance paces it the same.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  ConnectorOptionsSchema,
  type Connector,
  type ConnectorCredentials,
  type ConnectorInput,
  type ConnectorOptions,
  ConnectorInputSchema,
  type ConnectionTest,
} from '../../shared/integrations.ts';
import type { CrmConnectorsTable } from '../db/integrations-schema.ts';
import type { DB } from '../db/schema.ts';
import { HubError } from '../errors.ts';
import { setPace } from '../jobs/accounts.ts';
import { hint, type SecretBox } from './secrets.ts';

export type ConnectorRow = CrmConnectorsTable;

/** What is sealed in `secrets`, per kind and auth. */
export interface Secrets {
  webhookUrl?: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
  accessToken?: string;
  refreshToken?: string;
  /** Bitrix24: checked on every event the portal sends (403 otherwise). */
  applicationToken?: string;
  clientEndpoint?: string;
  serverEndpoint?: string;
  /** amoCRM OAuth: the one-time code until it is exchanged, and the redirect URI it was made for. */
  code?: string;
  redirectUri?: string;
}

export const crmAccount = (orgId: string) => `crm:${orgId}`;

/**
 * The documented rates: Bitrix24 2 req/s with bursts of 50 (Enterprise 5 and 250); amoCRM 7 req/s.
 * amoCRM counts requests per second, with no burst: a bucket of 7 could send 7 at the end of one
 * second and 7 more at the start of the next, 8 or more within one second. One at a time, every
 * 1/7 s, never puts 8 in one.
 */
export function paceOf(kind: ConnectorRow['kind'], options: ConnectorOptions): { rate: number; burst: number } {
  if (kind === 'amocrm') return { rate: 7, burst: 1 };
  return options.plan === 'enterprise' ? { rate: 5, burst: 250 } : { rate: 2, burst: 50 };
}

export function requireBox(box: SecretBox | null): SecretBox {
  if (!box) throw new HubError(409, 'secret_key_missing', 'The hub has no ZVIT_SECRET_KEY, so it cannot keep CRM credentials. Set it (`npx zvit hub secret-key` makes one) and restart the hub.');
  return box;
}

export async function loadConnector(db: Kysely<DB>, orgId: string): Promise<ConnectorRow | undefined> {
  return db.selectFrom('crm_connectors').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

export function openSecrets(box: SecretBox, row: Pick<ConnectorRow, 'org_id' | 'secrets'>): Secrets {
  return box.open<Secrets>(row.secrets, `crm:${row.org_id}`);
}

export function sealSecrets(box: SecretBox, orgId: string, secrets: Secrets): string {
  return box.seal(secrets, `crm:${orgId}`);
}

/**
 * Checks a Bitrix24 incoming webhook URL the way the official SDK does (https, /rest/<id>/<secret>).
 * The SDK is loaded here, when an admin saves a webhook, not when the hub starts.
 */
export async function parseWebhookUrl(url: string): Promise<{ origin: string; base: string }> {
  const { B24Hook } = await import('@bitrix24/b24jssdk');
  try {
    const hook = B24Hook.fromWebhookUrl(url.trim().replace(/\/+$/, ''));
    const parsed = new URL(url.trim());
    const [, userId, secret] = parsed.pathname.split('/').filter(Boolean).slice(-3);
    void hook;
    return { origin: parsed.origin, base: `${parsed.origin}/rest/${userId}/${secret}/` };
  } catch (error) {
    const reason = (error as { description?: string; message?: string }).description ?? (error as Error).message;
    throw new HubError(400, 'invalid_request', `That is not a Bitrix24 incoming webhook address (${reason}). Copy it from Bitrix24: Developer resources → Other → Incoming webhook; it looks like https://company.bitrix24.ua/rest/1/abc123…/`);
  }
}

export async function saveConnector(db: Kysely<DB>, box: SecretBox | null, orgId: string, raw: ConnectorInput, now: number, publicUrl: string): Promise<ConnectorRow> {
  const input = ConnectorInputSchema.parse(raw);
  const existing = await loadConnector(db, orgId);
  const sameKind = existing?.kind === input.kind;
  let secrets: Secrets;
  let auth: ConnectorRow['auth'];
  let address: string;
  if (input.credentials) {
    requireBox(box);
    ({ secrets, auth, address } = await credentialsFor(input.kind, input.credentials, input.address));
  } else {
    if (!existing || !sameKind) throw new HubError(400, 'invalid_request', 'Give the credentials: none are saved for this CRM yet.');
    auth = existing.auth;
    address = input.address ?? existing.address;
    secrets = openSecrets(requireBox(box), existing);
  }
  // Options the kind cannot use are refused here rather than ignored later.
  const options = ConnectorOptionsSchema.parse(input.options);
  if (input.kind === 'bitrix24' && options.report.to === 'note') throw new HubError(400, 'invalid_request', 'Bitrix24 takes the report as a message or a smart-process item, not as a note.');
  if (input.kind === 'amocrm' && (options.report.to === 'message' || options.report.to === 'smart_process')) throw new HubError(400, 'invalid_request', 'amoCRM takes the report as a note on a card (report.to = "note").');
  const keepTokens = existing && sameKind && existing.auth === auth && existing.address === address && !input.credentials;
  const awaitingInstall = input.kind === 'bitrix24' && auth === 'oauth' && !secrets.accessToken;
  const row: ConnectorRow = {
    org_id: orgId,
    kind: input.kind,
    auth,
    enabled: input.enabled ? 1 : 0,
    address,
    secrets: sealSecrets(requireBox(box), orgId, secrets),
    token_version: keepTokens ? existing.token_version : (existing?.token_version ?? 0) + 1,
    refresh_owner: null,
    refresh_until: null,
    options: JSON.stringify(options),
    hook_token: existing?.hook_token ?? randomBytes(18).toString('base64url'),
    member_id: keepTokens ? existing.member_id : null,
    status: awaitingInstall ? 'awaiting_install' : keepTokens ? existing.status : 'not_tested',
    status_message: awaitingInstall ? `Install the local application in Bitrix24 with the handler ${publicUrl}/api/v1/crm/bitrix24/install/… shown here.` : keepTokens ? existing.status_message : null,
    status_at: now,
    test_result: keepTokens ? existing.test_result : null,
    created_at: existing?.created_at ?? now,
    updated_at: now,
  };
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('crm_connectors')
      .values(row)
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ ...row, created_at: row.created_at }))
      .execute();
    await setPace(tx, crmAccount(orgId), paceOf(row.kind, options), now);
  });
  return row;
}

async function credentialsFor(kind: ConnectorRow['kind'], c: ConnectorCredentials, address: string | undefined): Promise<{ secrets: Secrets; auth: ConnectorRow['auth']; address: string }> {
  if (kind === 'bitrix24') {
    if (c.auth === 'webhook') {
      const { origin } = await parseWebhookUrl(c.webhookUrl);
      return { secrets: { webhookUrl: c.webhookUrl.trim() }, auth: 'webhook', address: origin };
    }
    if (c.auth === 'oauth') {
      if (!address) throw new HubError(400, 'invalid_request', 'Give the portal address (https://company.bitrix24.ua) with the application\'s client id and secret.');
      return { secrets: { clientId: c.clientId, clientSecret: c.clientSecret }, auth: 'oauth', address };
    }
    throw new HubError(400, 'invalid_request', 'Bitrix24 connects with an incoming webhook URL or a local application (client id and secret).');
  }
  if (!address) throw new HubError(400, 'invalid_request', 'Give the amoCRM/Kommo account address, such as https://company.amocrm.ru or https://company.kommo.com.');
  if (c.auth === 'token') return { secrets: { token: c.token }, auth: 'token', address };
  if (c.auth === 'webhook') throw new HubError(400, 'invalid_request', 'amoCRM connects with a long-lived token or OAuth, not a webhook URL.');
  if (c.auth === 'oauth') {
    if (!c.code || !c.redirectUri) throw new HubError(400, 'invalid_request', 'For amoCRM OAuth give the integration\'s authorization code and its redirect URI (amoCRM → Settings → Integrations → your integration → Keys and scopes).');
    return { secrets: { clientId: c.clientId, clientSecret: c.clientSecret, code: c.code, redirectUri: c.redirectUri }, auth: 'oauth', address };
  }
  throw new HubError(400, 'invalid_request', 'amoCRM connects with a long-lived token of a private integration.');
}

export function publicConnector(row: ConnectorRow, box: SecretBox | null, queue: { waiting: number; dead: number }, publicUrl: string): Connector {
  let credentialHint: string;
  try {
    const s = box ? openSecrets(box, row) : {};
    credentialHint = s.webhookUrl ? hint(s.webhookUrl.replace(/\/+$/, '')) : s.token ? hint(s.token) : s.clientSecret ? `${s.clientId ?? ''} ${hint(s.clientSecret)}` : '';
  } catch {
    credentialHint = 'unreadable with this ZVIT_SECRET_KEY';
  }
  return {
    kind: row.kind,
    auth: row.auth,
    address: row.address,
    enabled: row.enabled === 1,
    options: ConnectorOptionsSchema.parse(JSON.parse(row.options)),
    credentials: { set: true, hint: credentialHint },
    status: row.status as Connector['status'],
    statusMessage: row.status_message,
    statusAt: row.status_at === null ? null : Number(row.status_at),
    lastTest: row.test_result ? (JSON.parse(row.test_result) as ConnectionTest) : null,
    appUrls:
      row.kind === 'bitrix24' && row.auth === 'oauth' && row.hook_token
        ? { handler: `${publicUrl}/api/v1/crm/bitrix24/events/${row.hook_token}`, install: `${publicUrl}/api/v1/crm/bitrix24/install/${row.hook_token}` }
        : null,
    queue,
    updatedAt: Number(row.updated_at),
  };
}

export async function setStatus(db: Kysely<DB>, orgId: string, status: Connector['status'], message: string | null, now: number): Promise<void> {
  await db.updateTable('crm_connectors').set({ status, status_message: message, status_at: now }).where('org_id', '=', orgId).execute();
}
