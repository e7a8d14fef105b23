// An organization's webhook endpoints: address, events, signing secrets (sealed with
// ZVIT_SECRET_KEY, shown once when made), and whether it is on. A receiver answering 410 Gone
// turns its endpoint off, with the reason kept for the admin.
import type { Kysely } from 'kysely';
import { uuidv7 } from '../../shared/uuid.ts';
import type { WebhookEndpoint, WebhookEventType } from '../../shared/integrations.ts';
import type { WebhookEndpointsTable } from '../db/integrations-schema.ts';
import type { DB } from '../db/schema.ts';
import { HubError, notFound } from '../errors.ts';
import { requireBox } from '../crm/connectors.ts';
import { hint, type SecretBox } from '../crm/secrets.ts';
import { newWebhookSecret } from './signing.ts';

export interface SigningSecret {
  secret: string;
  createdAt: number;
  /** Set when a newer secret replaced it: it keeps signing until then. */
  expiresAt: number | null;
}

/** How long a replaced secret keeps signing beside the new one. */
export const ROTATION_OVERLAP_MS = 24 * 3600_000;

const bind = (id: string) => `webhook:${id}`;

export function secretsOf(box: SecretBox, row: Pick<WebhookEndpointsTable, 'id' | 'secrets'>, now: number): SigningSecret[] {
  return box.open<SigningSecret[]>(row.secrets, bind(row.id)).filter((s) => s.expiresAt === null || s.expiresAt > now);
}

export function publicEndpoint(row: WebhookEndpointsTable, box: SecretBox | null, now: number): WebhookEndpoint {
  let secrets: WebhookEndpoint['secrets'] = [];
  try {
    if (box) secrets = secretsOf(box, row, now).map((s) => ({ hint: hint(s.secret), createdAt: s.createdAt, expiresAt: s.expiresAt }));
  } catch {
    secrets = [];
  }
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: JSON.parse(row.events) as WebhookEventType[],
    enabled: row.enabled === 1,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
    secrets,
    createdAt: Number(row.created_at),
  };
}

export async function addEndpoint(
  db: Kysely<DB>,
  box: SecretBox | null,
  orgId: string,
  input: { url: string; events: readonly WebhookEventType[]; description?: string },
  now: number,
): Promise<{ row: WebhookEndpointsTable; secret: string }> {
  const sealer = requireBox(box);
  checkUrl(input.url);
  const id = `ep_${uuidv7(now).replaceAll('-', '')}`;
  const secret = newWebhookSecret();
  const row: WebhookEndpointsTable = {
    id,
    org_id: orgId,
    url: input.url,
    description: input.description ?? '',
    events: JSON.stringify([...new Set(input.events)]),
    secrets: sealer.seal([{ secret, createdAt: now, expiresAt: null }] satisfies SigningSecret[], bind(id)),
    enabled: 1,
    disabled_reason: null,
    disabled_at: null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('webhook_endpoints').values(row).execute();
  return { row, secret };
}

export function checkUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new HubError(400, 'invalid_request', `"${url}" is not an address.`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new HubError(400, 'invalid_request', 'A webhook address starts with https:// (or http:// for a receiver on your own network).');
  if (u.username || u.password) throw new HubError(400, 'invalid_request', 'Put no user name or password in the address; the signature proves the sender.');
}

export async function getEndpoint(db: Kysely<DB>, orgId: string, id: string): Promise<WebhookEndpointsTable> {
  const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.org_id !== orgId) throw notFound('The webhook endpoint');
  return row;
}

export async function rotateSecret(db: Kysely<DB>, box: SecretBox | null, row: WebhookEndpointsTable, now: number): Promise<string> {
  const sealer = requireBox(box);
  const secret = newWebhookSecret();
  const old = secretsOf(sealer, row, now).map((s) => ({ ...s, expiresAt: s.expiresAt ?? now + ROTATION_OVERLAP_MS }));
  await db
    .updateTable('webhook_endpoints')
    .set({ secrets: sealer.seal([...old, { secret, createdAt: now, expiresAt: null }], bind(row.id)), updated_at: now })
    .where('id', '=', row.id)
    .execute();
  return secret;
}

export async function disableEndpoint(db: Kysely<DB>, id: string, reason: string, now: number): Promise<void> {
  await db.updateTable('webhook_endpoints').set({ enabled: 0, disabled_reason: reason, disabled_at: now, updated_at: now }).where('id', '=', id).execute();
}
