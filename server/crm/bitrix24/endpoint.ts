// Where a portal's requests go and with what authority: an incoming webhook (the secret is in the
// URL) or a local application's OAuth tokens. Bitrix24 asks that tokens be refreshed only after
// an expired_token answer, never ahead of time, and a refresh token works once; with several hub
// instances, the refresh runs under a lock in the connector's row, and the others wait for its
// result instead of refreshing with a token that is about to be spent.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { request, type Egress } from '../../egress/request.ts';
import { openSecrets, setStatus, type ConnectorRow, type Secrets } from '../connectors.ts';
import { refreshTokens } from '../token-refresh.ts';
import type { SecretBox } from '../secrets.ts';
import { B24Error, type B24Endpoint } from './client.ts';

export function webhookEndpoint(webhookUrl: string): B24Endpoint {
  const base = webhookUrl.trim().replace(/\/+$/, '') + '/';
  return { url: (method) => `${base}${method}`, token: () => null };
}

export interface OAuthDeps {
  db: Kysely<DB>;
  box: SecretBox;
  egress: Egress;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Names the refresher in the lock. */
  owner: string;
}

export function oauthEndpoint(row: ConnectorRow, deps: OAuthDeps): B24Endpoint {
  let secrets = openSecrets(deps.box, row);
  if (!secrets.accessToken || !secrets.clientEndpoint) throw new B24Error('NO_AUTH_FOUND', 'The local application is not installed yet: no tokens were received from Bitrix24.', 401);
  return {
    url: (method) => `${secrets.clientEndpoint!.replace(/\/+$/, '')}/${method}`,
    token: () => secrets.accessToken ?? null,
    async refresh(stale) {
      secrets = await refreshOnce(row.org_id, stale, deps);
    },
  };
}

/** Refreshes the tokens unless another holder already did; returns the secrets in force after. */
export function refreshOnce(orgId: string, stale: string, deps: OAuthDeps): Promise<Secrets> {
  return refreshTokens({ ...deps, orgId }, stale, {
    exchange: (current) => exchange(current, deps),
    gone: () => new B24Error('NO_AUTH_FOUND', 'The CRM connector was removed.', 401),
    busy: () => new B24Error('OAUTH_BUSY', 'Another hub instance is renewing the Bitrix24 tokens and has not finished.', 503),
    refused: async (error) => {
      if (error instanceof B24Error && !error.transient) await setStatus(deps.db, orgId, 'auth_failed', `Bitrix24 refused to renew the application's tokens (${error.code}); reinstall the application.`, deps.now());
    },
  });
}

async function exchange(s: Secrets, deps: OAuthDeps): Promise<Partial<Secrets>> {
  if (!s.refreshToken || !s.clientId || !s.clientSecret) throw new B24Error('invalid_grant', 'No refresh token is saved; reinstall the application.', 401);
  // The OAuth server named in the install payload (server_endpoint), not a fixed host.
  const url = new URL('/oauth/token/', s.serverEndpoint ?? 'https://oauth.bitrix.info/');
  // POST with the secrets in the body, so they stay out of access logs.
  const body = new URLSearchParams({ grant_type: 'refresh_token', client_id: s.clientId, client_secret: s.clientSecret, refresh_token: s.refreshToken }).toString();
  let answer;
  try {
    answer = await request(deps.egress, url.toString(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, timeoutMs: 20_000 });
  } catch (error) {
    throw new B24Error('NETWORK', `The Bitrix24 OAuth server did not answer: ${(error as Error).message}`, 0);
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    throw new B24Error('ERROR_UNEXPECTED_ANSWER', `The OAuth server answered HTTP ${answer.status} without JSON.`, answer.status >= 500 ? answer.status : 400);
  }
  if (answer.status >= 300 || json.error) throw new B24Error(String(json.error ?? `HTTP_${answer.status}`), String(json.error_description ?? json.error), answer.status >= 500 ? answer.status : 401);
  return {
    accessToken: String(json.access_token),
    refreshToken: String(json.refresh_token),
    ...(json.client_endpoint ? { clientEndpoint: String(json.client_endpoint) } : {}),
    ...(json.server_endpoint ? { serverEndpoint: String(json.server_endpoint) } : {}),
  };
}
