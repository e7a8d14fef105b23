// Every integration route (CRM settings, people, jobs, webhooks, API tokens, KPI actuals, the
// Bitrix24 application's handlers) × who calls it: signed out, a manager, their team's lead, a
// lead of another team, the organization's admin, an admin of another organization, and an API
// token with kpi:write. The subject is always organization A (connected to a local Bitrix24
// portal). Ids the caller may not see answer 404, never 403; no answer carries a secret it was
// not made to hand out once. The table is typed by the integrations contract, and the hub's own
// list of registered routes is checked against it: a new route missing from it fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse as InjectResponse } from 'fastify';
import { integrationsApi, type IntegrationsApi } from '../../shared/integrations.ts';
import { routePath } from '../../shared/dashboard-api.ts';
import { enqueue } from '../jobs/queue.ts';
import { signIn, type Browser } from '../testing/harness.ts';
import { crmWorld, type CrmWorld } from './testing/world.ts';

const ACTORS = ['signedOut', 'token', 'manager', 'leadOther', 'otherOrg', 'leadOwn', 'admin'] as const;
type ActorName = (typeof ACTORS)[number];
/** Expected statuses: signed out, manager, lead (own team), lead (other team), admin, other organization, API token. */
type Row = [out: number, manager: number, leadOwn: number, leadOther: number, admin: number, otherOrg: number, token: number];
const COLUMN: Record<ActorName, number> = { signedOut: 0, manager: 1, leadOwn: 2, leadOther: 3, admin: 4, otherOrg: 5, token: 6 };

interface Fixtures {
  c: CrmWorld;
  endpointId: string;
  revokeTokenId: string;
  deadJobId: string;
}

interface Case {
  params?: (f: Fixtures) => Record<string, string>;
  query?: () => string;
  body?: (f: Fixtures, actor: ActorName) => unknown;
  contentType?: string;
  expect: Row;
  /** More than the status, per caller. */
  check?: (res: InjectResponse, actor: ActorName) => void;
}

/** Admin-only, no ids: another organization's admin sees their own (empty) settings. */
const ADMIN: Row = [401, 403, 403, 403, 200, 200, 401];
/** Admin-only on one of organization A's ids. */
const ADMIN_ID: Row = [401, 403, 403, 403, 200, 404, 401];
const endpoint = (f: Fixtures) => ({ endpointId: f.endpointId });
const CSV = 'email,date,kpi,value\nm1@a.test,2026-03-02,calls_total,7\n';

// Rows run in this order, each row's callers in ACTORS order (the admin last): state-changing
// rows (retry, revoke, delete) find their subject untouched until the admin's call.
const MATRIX: Record<keyof IntegrationsApi, Case> = {
  connector: {
    expect: ADMIN,
    check: (res, actor) => {
      if (actor === 'admin') expect(res.json().connector.kind).toBe('bitrix24');
      if (actor === 'otherOrg') expect(res.json().connector).toBeNull();
    },
  },
  // Options only: the saved credentials stay (the body has none).
  saveConnector: { body: () => ({ kind: 'bitrix24', options: { liveWithinMinutes: 5 } }), expect: [401, 403, 403, 403, 200, 400, 401] },
  // Another organization without a CRM: nothing of theirs to test (404), never org A's.
  testConnector: { expect: [401, 403, 403, 403, 200, 404, 401] },
  crmUsers: {
    expect: ADMIN,
    check: (res, actor) => {
      const emails = (res.json().users as { email: string }[]).map((u) => u.email);
      if (actor === 'otherOrg') expect(emails.some((e) => e.endsWith('@a.test'))).toBe(false);
      if (actor === 'otherOrg') expect(res.json().crmUsers).toEqual([]);
    },
  },
  matchCrmUsers: { expect: [401, 403, 403, 403, 200, 404, 401] },
  setCrmUser: { params: (f) => ({ userId: f.c.world.m1.id }), body: (f) => ({ crmUserId: f.c.ids.m1 }), expect: ADMIN_ID },
  jobs: {
    query: () => 'state=dead',
    expect: ADMIN,
    check: (res, actor) => {
      if (actor === 'otherOrg') expect(res.json().jobs).toEqual([]);
      if (actor === 'admin') expect((res.json().jobs as { id: string }[]).length).toBeGreaterThan(0);
    },
  },
  // Bulk: ids the caller may not see are not retried (and not named).
  retryJobs: {
    body: (f) => ({ ids: [f.deadJobId] }),
    expect: ADMIN,
    check: (res, actor) => {
      if (actor === 'otherOrg') expect(res.json()).toEqual({ retried: 0 });
      if (actor === 'admin') expect(res.json()).toEqual({ retried: 1 });
    },
  },
  webhooks: {
    expect: ADMIN,
    check: (res, actor) => {
      if (actor === 'otherOrg') expect(res.json().endpoints).toEqual([]);
    },
  },
  addWebhook: { body: (_f, actor) => ({ url: `https://hooks.example.test/${actor}`, events: ['report.submitted'] }), expect: ADMIN },
  updateWebhook: { params: endpoint, body: () => ({ description: 'CRM bridge' }), expect: ADMIN_ID },
  rotateWebhookSecret: { params: endpoint, expect: ADMIN_ID },
  testWebhook: { params: endpoint, expect: ADMIN_ID },
  webhookDeliveries: { params: endpoint, expect: ADMIN_ID },
  integrationSettings: { expect: ADMIN },
  setIntegrationSettings: { body: () => ({ webhookAllow: [] }), expect: ADMIN },
  apiTokens: {
    expect: ADMIN,
    check: (res, actor) => {
      if (actor === 'otherOrg') expect(res.json().tokens).toEqual([]);
    },
  },
  createApiToken: { body: (_f, actor) => ({ name: `Made by ${actor}`, scopes: ['kpi:write'] }), expect: ADMIN },
  revokeApiToken: { params: (f) => ({ tokenId: f.revokeTokenId }), expect: ADMIN_ID },
  // Rows name people by email: another organization's admin reaches none of A's (each row refused).
  putActuals: {
    body: () => ({ actuals: [{ user: 'm1@a.test', date: '2026-03-02', key: 'calls_total', value: 5 }] }),
    expect: [401, 403, 403, 403, 200, 200, 200],
    check: (res, actor) => {
      if (actor === 'otherOrg') expect(res.json()).toEqual({ stored: 0, refused: [{ row: 0, message: 'No user m1@a.test in this organization.' }] });
      if (actor === 'admin' || actor === 'token') expect(res.json()).toEqual({ stored: 1, refused: [] });
    },
  },
  importActualsCsv: {
    body: () => CSV,
    contentType: 'text/csv',
    expect: [401, 403, 403, 403, 200, 200, 200],
    check: (res, actor) => {
      if (actor === 'otherOrg') expect(res.json().stored).toBe(0);
      if (actor === 'admin' || actor === 'token') expect(res.json()).toEqual({ stored: 1, refused: [] });
    },
  },
  // Last: the admin's call disconnects the CRM.
  deleteWebhook: { params: endpoint, expect: ADMIN_ID },
  deleteConnector: { expect: ADMIN },
};

/**
 * Routes outside the contract: the Bitrix24 local application posts form data to addresses that
 * carry the connector's own secret token; sessions and API tokens mean nothing there. A token
 * that is not a connector's answers 404 to everyone.
 */
const OUTSIDE: Record<string, Case> = {
  'POST /api/v1/crm/bitrix24/install/:token': {
    params: () => ({ token: 'not-a-connector-token' }),
    body: () => 'auth%5Baccess_token%5D=a&auth%5Brefresh_token%5D=r&auth%5Bapplication_token%5D=x&auth%5Bclient_endpoint%5D=https%3A%2F%2Fp.bitrix24.ua%2Frest%2F',
    contentType: 'application/x-www-form-urlencoded',
    expect: [404, 404, 404, 404, 404, 404, 404],
  },
  'POST /api/v1/crm/bitrix24/events/:token': {
    params: () => ({ token: 'not-a-connector-token' }),
    body: () => 'event=ONAPPUNINSTALL&auth%5Bapplication_token%5D=x',
    contentType: 'application/x-www-form-urlencoded',
    expect: [404, 404, 404, 404, 404, 404, 404],
  },
};

const INTEGRATION_PREFIXES = ['/api/v1/crm', '/api/v1/jobs', '/api/v1/webhooks', '/api/v1/api-tokens', '/api/v1/kpi-actuals', '/api/v1/integrations'];

let c: CrmWorld;
let f: Fixtures;
let kpiToken: string;
/** Secrets the hub holds for organization A: none may appear in any answer. */
const secrets: string[] = [];
const browsers = new Map<string, Browser>();

beforeAll(async () => {
  c = await crmWorld();
  const { t, admin } = c;
  secrets.push(c.webhookUrl, c.webhookUrl.replace(/\/+$/, '').split('/').pop()!);
  const hook = await admin.send('POST', '/api/v1/webhooks', { url: 'https://hooks.example.test/a', events: ['report.submitted'] });
  expect(hook.statusCode, hook.body).toBe(200);
  secrets.push(hook.json().secret);
  const made = async (name: string) => {
    const res = await admin.send('POST', '/api/v1/api-tokens', { name, scopes: ['kpi:write'] });
    expect(res.statusCode, res.body).toBe(200);
    secrets.push(res.json().secret);
    return res.json() as { token: { id: string }; secret: string };
  };
  kpiToken = (await made('PBX')).secret;
  const revoke = await made('Old script');
  const deadJobId = await enqueue(t.hub.database.db, { kind: 'webhook.deliver', account: 'local:test', orgId: c.world.orgA, payload: { deliveryId: 'none' } }, t.clock.now);
  await t.hub.database.db.updateTable('jobs').set({ state: 'dead', last_error: 'gave up' }).where('id', '=', deadJobId).execute();
  f = { c, endpointId: hook.json().endpoint.id, revokeTokenId: revoke.token.id, deadJobId };
});
afterAll(async () => c?.close());

async function browserFor(email: string): Promise<Browser> {
  const known = browsers.get(email);
  if (known) return known;
  const b = await signIn(c.t.hub, email);
  browsers.set(email, b);
  return b;
}

async function call(actor: ActorName, method: string, path: string, k: Case): Promise<InjectResponse> {
  const url = routePath(path, k.params?.(f)) + (k.query ? `?${k.query()}` : '');
  const body = k.body?.(f, actor);
  const payload = body === undefined ? {} : { payload: typeof body === 'string' ? body : (body as object) };
  const headers: Record<string, string> = k.contentType ? { 'content-type': k.contentType } : {};
  const w = f.c.world;
  const email = { signedOut: null, token: null, manager: w.m1.email, leadOwn: w.lead1.email, leadOther: w.lead2.email, admin: w.admin.email, otherOrg: w.adminB.email }[actor];
  if (actor === 'token') headers.authorization = `Bearer ${kpiToken}`;
  if (email === null) return c.t.hub.app.inject({ method: method as 'GET', url, headers, ...payload });
  const b = await browserFor(email);
  return c.t.hub.app.inject({ method: method as 'GET', url, cookies: { zvit_session: b.cookie }, headers: { ...headers, 'x-csrf-token': b.csrf }, ...payload });
}

function expectNoSecret(res: InjectResponse, madeOnce: boolean): void {
  let text = res.body;
  // The answers that make a secret hand it out once, in `secret`: that one is theirs to carry.
  if (madeOnce && res.statusCode === 200) text = JSON.stringify({ ...res.json(), secret: undefined });
  for (const s of secrets) expect(text).not.toContain(s);
  expect(text).not.toMatch(/whsec_|zvt_/);
}

function rows(): [string, string, string, Case][] {
  const inContract = (Object.keys(MATRIX) as (keyof IntegrationsApi)[]).map((name): [string, string, string, Case] => [name, integrationsApi[name].method, integrationsApi[name].path, MATRIX[name]]);
  const outside = Object.entries(OUTSIDE).map(([key, k]): [string, string, string, Case] => {
    const [method, path] = key.split(' ') as [string, string];
    return [key, method, path, k];
  });
  return [...inContract, ...outside];
}

describe('integration access matrix', () => {
  it('every integration route the hub registered is in the table', () => {
    const known = new Set(rows().map(([, method, path]) => `${method} ${path}`));
    const registered = c.t.hub.routes.filter((r) => INTEGRATION_PREFIXES.some((p) => r.url === p || r.url.startsWith(`${p}/`))).map((r) => `${r.method} ${r.url}`);
    expect(registered.length).toBeGreaterThanOrEqual(known.size);
    expect(registered.filter((r) => !known.has(r))).toEqual([]);
    expect([...known].filter((k) => !registered.includes(k))).toEqual([]);
  });

  for (const [name, method, path, k] of rows()) {
    describe(`${method} ${path} (${name})`, () => {
      for (const actor of ACTORS) {
        const status = k.expect[COLUMN[actor]]!;
        it(`${actor} → ${status}`, async () => {
          const res = await call(actor, method, path, k);
          expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
          if (status >= 400) expect(Object.keys(res.json().error).sort()).toEqual(['code', 'message']);
          if (status === 404) expect(res.json().error.code).toBe('not_found');
          expectNoSecret(res, name === 'addWebhook' || name === 'createApiToken' || name === 'rotateWebhookSecret');
          if (res.statusCode === 200) k.check?.(res, actor);
        });
      }
    });
  }

  it('after the calls, organization A\'s dead letter was retried once (by its own admin)', async () => {
    const job = await c.t.hub.database.db.selectFrom('jobs').select(['state', 'org_id']).where('id', '=', f.deadJobId).executeTakeFirstOrThrow();
    expect(job).toEqual({ state: 'queued', org_id: c.world.orgA });
  });

  it('every change through a session needs the CSRF header (the admin\'s own cookie alone is refused)', async () => {
    const admin = await browserFor(c.world.admin.email);
    for (const [name, method, path, k] of rows()) {
      if (method === 'GET' || name.includes(' ')) continue;
      const body = k.body?.(f, 'admin');
      const res = await c.t.hub.app.inject({
        method: method as 'POST',
        url: routePath(path, k.params?.(f)),
        cookies: { zvit_session: admin.cookie },
        headers: k.contentType ? { 'content-type': k.contentType } : {},
        ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : (body as object) }),
      });
      expect([name, res.statusCode, res.json().error?.code]).toEqual([name, 403, 'csrf']);
    }
  });

  it('a CRM that cannot be reached or refuses the webhook never has its secret path echoed', async () => {
    const admin = await browserFor(c.world.admin.email);
    const origin = new URL(c.webhookUrl).origin;
    for (const webhookUrl of [`${origin}/rest/1/wrongsecret0123456789/`, 'https://127.0.0.1:1/rest/1/unreachable0123456789/']) {
      const secret = webhookUrl.split('/').at(-2)!;
      const saved = await admin.send('PUT', '/api/v1/crm', { kind: 'bitrix24', credentials: { auth: 'webhook', webhookUrl } });
      const answers = [saved, await admin.send('POST', '/api/v1/crm/test'), await admin.get('/api/v1/crm'), await admin.get('/api/v1/crm/users'), await admin.send('POST', '/api/v1/crm/users/match')];
      await c.drain();
      answers.push(await admin.get('/api/v1/jobs'));
      for (const res of answers) expect(res.body).not.toContain(secret);
      expect(answers[1]!.json().ok, answers[1]!.body).toBe(false);
    }
  });
});
