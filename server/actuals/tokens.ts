// API tokens for other systems (a PBX, 1C, a script) that put KPI actuals: made by an admin with a
// scope, shown once, kept only as their SHA-256, revocable. `Authorization: Bearer zvt_…`.
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { uuidv7 } from '../../shared/uuid.ts';
import type { ApiTokensTable } from '../db/integrations-schema.ts';
import type { DB } from '../db/schema.ts';
import { HubError, notFound } from '../errors.ts';
import { sha256 } from '../auth/tokens.ts';

export type Scope = 'kpi:write';

export function publicToken(row: ApiTokensTable) {
  return {
    id: row.id,
    name: row.name,
    scopes: JSON.parse(row.scopes) as Scope[],
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

export async function createApiToken(db: Kysely<DB>, input: { orgId: string; name: string; scopes: readonly Scope[]; createdBy: string | null }, now: number): Promise<{ row: ApiTokensTable; secret: string }> {
  const secret = `zvt_${randomBytes(32).toString('base64url')}`;
  const row: ApiTokensTable = {
    id: `tok_${uuidv7(now).replaceAll('-', '')}`,
    org_id: input.orgId,
    name: input.name,
    scopes: JSON.stringify([...new Set(input.scopes)]),
    token_hash: sha256(secret),
    created_by: input.createdBy,
    created_at: now,
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { row, secret };
}

export async function revokeApiToken(db: Kysely<DB>, orgId: string, id: string, now: number): Promise<ApiTokensTable> {
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.org_id !== orgId) throw notFound('The API token');
  if (row.revoked_at === null) await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
  return { ...row, revoked_at: row.revoked_at ?? now };
}

/** The token's organization when the request carries a live `zvt_` token with the scope; null without one. */
export async function apiTokenAuth(db: Kysely<DB>, request: FastifyRequest, scope: Scope, now: number): Promise<{ orgId: string; tokenId: string; name: string } | null> {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer zvt_')) return null;
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(header.slice('Bearer '.length).trim())).executeTakeFirst();
  if (!row || row.revoked_at !== null) throw new HubError(401, 'unauthorized', 'This API token is not valid or was revoked; ask an admin for a new one.');
  if (!(JSON.parse(row.scopes) as string[]).includes(scope)) throw new HubError(403, 'forbidden', `This API token may not do this (it needs the ${scope} scope).`);
  // Minute precision: a busy integration does not write the row on every call.
  if (row.last_used_at === null || now - Number(row.last_used_at) > 60_000) await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  return { orgId: row.org_id, tokenId: row.id, name: row.name };
}
