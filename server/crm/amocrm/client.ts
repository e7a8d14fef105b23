// A thin amoCRM/Kommo API v4 client (there is no official Node SDK): the few endpoints the hub
// uses, paced by the account's shared bucket (7 requests a second), honouring 429 and
// Retry-After. Auth is a private integration's long-lived token, or OAuth tokens whose refresh
// token works exactly once: a refresh runs under a lock in the connector's row and its new pair is
// saved before anyone uses it, so two instances never spend the same refresh token.
import type http from 'node:http';
import type { Kysely } from 'kysely';
import type { JobErrorCode } from '../../../shared/integrations.ts';
import type { DB } from '../../db/schema.ts';
import { EgressRefused } from '../../egress/guard.ts';
import { request, type Egress } from '../../egress/request.ts';
import { JobError, type Pacer } from '../../jobs/runner.ts';
import { openSecrets, sealSecrets, setStatus, type ConnectorRow, type Secrets } from '../connectors.ts';
import { refreshTokens } from '../token-refresh.ts';
import type { SecretBox } from '../secrets.ts';

export class AmoError extends Error {
  readonly status: number;
  readonly answer: string;
  /** The egress guard refused the address (a private network not allowed): nothing was sent. */
  readonly refused: boolean;
  constructor(status: number, message: string, answer = '', options: { refused?: boolean } = {}) {
    super(message);
    this.name = 'AmoError';
    this.status = status;
    this.answer = answer;
    this.refused = options.refused ?? false;
  }

  /** What kind of failure it is, for the admin's screen to word. */
  get failure(): JobErrorCode {
    if (this.refused) return 'address_refused';
    if (this.status === 429) return 'crm_rate_limited';
    if (this.status === 401 || this.status === 403) return 'crm_auth_failed';
    return this.transient ? 'crm_unreachable' : 'crm_rejected';
  }

  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }

  toJobError(what: string): JobError {
    if (this.transient) return new JobError('transient', this.failure, `${what}: amoCRM did not take it now (${this.message}); it will be tried again.`, { answer: this.answer });
    if (this.status === 401 || this.status === 403) return new JobError('permanent', this.failure, `${what}: amoCRM refused the saved credentials (${this.message}). Check the connection in the CRM settings, then retry the dead letters.`, { answer: this.answer });
    return new JobError('permanent', this.failure, `${what}: amoCRM refused it (HTTP ${this.status}: ${this.message}).`, { answer: this.answer });
  }
}

export interface AmoOptions {
  db: Kysely<DB>;
  box: SecretBox;
  orgId: string;
  address: string;
  auth: ConnectorRow['auth'];
  secrets: Secrets;
  egress: Egress;
  agent?: http.Agent;
  pacer: Pacer;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  owner: string;
}

const MAX_LIMIT_RETRIES = 6;

export class AmoClient {
  private readonly o: AmoOptions;
  private secrets: Secrets;

  constructor(options: AmoOptions) {
    this.o = options;
    this.secrets = options.secrets;
  }

  get(path: string, query: Record<string, string | number | (string | number)[]> = {}): Promise<unknown> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) for (const one of Array.isArray(v) ? v : [v]) qs.append(k, String(one));
    const q = qs.toString();
    return this.send('GET', `${path}${q ? `?${q}` : ''}`);
  }

  post(path: string, body: unknown): Promise<unknown> {
    return this.send('POST', path, body);
  }

  patch(path: string, body: unknown): Promise<unknown> {
    return this.send('PATCH', path, body);
  }

  private token(): string {
    return (this.o.auth === 'token' ? this.secrets.token : this.secrets.accessToken) ?? '';
  }

  private async send(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<unknown> {
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      await this.o.pacer.acquire();
      const token = this.token();
      let answer;
      try {
        answer = await request(this.o.egress, `${this.o.address}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'user-agent': 'zvit-hub', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          timeoutMs: 30_000,
          ...(this.o.agent ? { agent: this.o.agent } : {}),
        });
      } catch (error) {
        if (error instanceof EgressRefused) throw new AmoError(400, error.message, '', { refused: true });
        throw new AmoError(0, `No answer from amoCRM: ${(error as Error).message}`);
      }
      if (answer.status === 204) return null;
      if (answer.status === 429) {
        const after = Number(answer.headers['retry-after']);
        this.o.pacer.block(this.o.now() + (Number.isFinite(after) && after > 0 ? after * 1000 : 1000));
        if (attempt < MAX_LIMIT_RETRIES) continue;
        throw new AmoError(429, 'Too many requests', answer.body.slice(0, 500));
      }
      if (answer.status === 401 && this.o.auth === 'oauth' && !refreshed) {
        this.secrets = await this.refresh(token);
        refreshed = true;
        continue;
      }
      if (answer.status >= 300) {
        let title = `HTTP ${answer.status}`;
        try {
          const j = JSON.parse(answer.body) as { title?: string; detail?: string; hint?: string };
          title = [j.title, j.detail ?? j.hint].filter(Boolean).join(': ') || title;
        } catch {
          /* not JSON: keep the status */
        }
        throw new AmoError(answer.status, title, answer.body.slice(0, 2000));
      }
      try {
        return answer.body ? (JSON.parse(answer.body) as unknown) : null;
      } catch {
        throw new AmoError(502, 'amoCRM answered without JSON');
      }
    }
  }

  /** One refresh at a time across instances; the new pair is stored before it is used. */
  private refresh(stale: string): Promise<Secrets> {
    const { db, orgId } = this.o;
    return refreshTokens({ db, box: this.o.box, orgId, owner: this.o.owner, now: this.o.now, sleep: this.o.sleep }, stale, {
      exchange: async (current) => {
        let answer;
        try {
          answer = await request(this.o.egress, `${this.o.address}/oauth2/access_token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ client_id: current.clientId, client_secret: current.clientSecret, grant_type: 'refresh_token', refresh_token: current.refreshToken, redirect_uri: current.redirectUri }),
            timeoutMs: 20_000,
          });
        } catch (error) {
          throw new AmoError(0, `refreshing the tokens failed: ${(error as Error).message}`);
        }
        let json: { access_token?: string; refresh_token?: string; hint?: string; title?: string } = {};
        try {
          json = JSON.parse(answer.body || '{}') as typeof json;
        } catch {
          /* not JSON: judged by the status below */
        }
        if (answer.status >= 300 || !json.access_token || !json.refresh_token) {
          throw new AmoError(answer.status >= 500 ? answer.status : 401, `refreshing the tokens failed (${json.hint ?? json.title ?? answer.status})`, answer.body.slice(0, 500));
        }
        return { accessToken: json.access_token, refreshToken: json.refresh_token };
      },
      gone: () => new AmoError(401, 'The CRM connector was removed.'),
      busy: () => new AmoError(503, 'Another hub instance is renewing the amoCRM tokens.'),
      refused: async (error) => {
        if (error instanceof AmoError && !error.transient) await setStatus(db, orgId, 'auth_failed', 'amoCRM refused to renew the tokens; connect the integration again.', this.o.now());
      },
    });
  }
}

/**
 * Exchanges an integration's one-time authorization code for the first token pair and stores it
 * (the code is forgotten). Refused codes (used, expired after 20 minutes) say so.
 */
export async function exchangeAmoCode(db: Kysely<DB>, box: SecretBox, row: ConnectorRow, egress: Egress): Promise<void> {
  const s = openSecrets(box, row);
  if (!s.code) return;
  let answer;
  try {
    answer = await request(egress, `${row.address}/oauth2/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: s.clientId, client_secret: s.clientSecret, grant_type: 'authorization_code', code: s.code, redirect_uri: s.redirectUri }),
      timeoutMs: 30_000,
    });
  } catch (error) {
    throw new AmoError(0, `amoCRM did not answer: ${(error as Error).message}`);
  }
  const json = JSON.parse(answer.body || '{}') as { access_token?: string; refresh_token?: string; hint?: string; title?: string };
  if (answer.status >= 300 || !json.access_token || !json.refresh_token) {
    throw new AmoError(answer.status || 400, `amoCRM refused the authorization code (${json.hint ?? json.title ?? answer.status}); codes work once and for 20 minutes — make a new one.`, answer.body.slice(0, 500));
  }
  const { code: _spent, ...rest } = s;
  await db.updateTable('crm_connectors').set((eb) => ({ secrets: sealSecrets(box, row.org_id, { ...rest, accessToken: json.access_token, refreshToken: json.refresh_token }), token_version: eb('token_version', '+', 1) })).where('org_id', '=', row.org_id).execute();
}
