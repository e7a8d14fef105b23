// Two hub instances on one database (each with its own connections) sharing a CRM account:
// an expired OAuth token that both need is refreshed exactly once (Bitrix24 local application and
// amoCRM, whose refresh tokens work once) and both go on with the new one; amoCRM's 7 requests a
// second hold across both, and its 429 with Retry-After holds back the next request whoever sends it.
import { afterEach, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../app.ts';
import { enqueue } from '../jobs/queue.ts';
import { Pacer } from '../jobs/runner.ts';
import { enrollAgent, seedWorld, signIn, startHub, type TestHub } from '../testing/harness.ts';
import { AMO } from './amocrm/jobs.ts';
import { crmAccount } from './connectors.ts';
import { newSecretKey } from './secrets.ts';
import { crmSessions, type CrmSession } from './session.ts';
import { FakeAmoCrm } from './testing/fake-amocrm.ts';
import { testCertificate } from './testing/tls.ts';
import { crmWorld, T0, type CrmWorld } from './testing/world.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
});

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The session a worker of `hub` opens for the organization's CRM, as `instanceId`. Two of them
 * at once is what happens when a worker stalls past its lease and another instance takes over.
 */
async function sessionOf(hub: Hub, clock: { now: number }, orgId: string, instanceId: string): Promise<CrmSession> {
  const now = () => clock.now;
  // Waiting moves the shared clock (the fakes' too); a real millisecond lets the other side run.
  const sleep = async (ms: number) => {
    clock.now += ms;
    await realSleep(1);
  };
  const factory = crmSessions({ db: hub.database.db, integrations: hub.integrations, now, sleep, instanceId });
  const pacer = new Pacer({ rate: null, burst: null, level: 0, levelAt: 0, blockedUntil: 0 }, now, sleep);
  const session = (await factory.open(crmAccount(orgId), pacer, () => 1)) as CrmSession;
  cleanup.push(async () => void (await session.close?.()));
  return session;
}

describe('Bitrix24 local application on two instances', () => {
  it('an expired access token both need is refreshed once; both go on with the new one', async () => {
    const w: CrmWorld = await crmWorld();
    cleanup.push(() => w.close());
    const { fake, admin } = w;
    const saved = await admin.send('PUT', '/api/v1/crm', { kind: 'bitrix24', address: fake.origin, credentials: { auth: 'oauth', clientId: fake.app.clientId, clientSecret: fake.app.clientSecret } });
    const install = new URL((saved.json() as { connector: { appUrls: { install: string } } }).connector.appUrls.install).pathname;
    const installed = await w.t.hub.app.inject({ method: 'POST', url: install, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fake.installPayload()).toString() });
    expect(installed.statusCode).toBe(200);
    const second = await w.secondHub();
    const a = await sessionOf(w.t.hub, w.t.clock, w.world.orgA, 'instance-a');
    const b = await sessionOf(second, w.t.clock, w.world.orgA, 'instance-b');

    fake.expireAccessTokens();
    const before = fake.refreshes;
    const [ra, rb] = await Promise.all([a.b24!.call('timeman.status', { USER_ID: w.ids.m1 }), b.b24!.call('timeman.status', { USER_ID: w.ids.m1b })]);
    expect([ra.result, rb.result]).toMatchObject([{ STATUS: 'CLOSED' }, { STATUS: 'CLOSED' }]);
    expect(fake.refreshes - before).toBe(1);
    // Both keep working with the one new token.
    await Promise.all([a.b24!.call('timeman.status', { USER_ID: w.ids.m1 }), b.b24!.call('timeman.status', { USER_ID: w.ids.m1b })]);
    expect(fake.refreshes - before).toBe(1);
    expect(fake.log.filter((l) => l.status === 401)).toHaveLength(2);
  });
});

/** A hub connected to a local amoCRM account, and a second instance on its database. */
async function amoHubs(credentials: (f: FakeAmoCrm) => object, fakeOptions: ConstructorParameters<typeof FakeAmoCrm>[0] = {}) {
  const holder: { t?: TestHub } = {};
  const hubOptions = {
    secretKey: newSecretKey(),
    webhookAllow: '127.0.0.1',
    outboundCa: testCertificate().cert,
    jobs: {
      autostart: false,
      claimLimit: 1,
      sleep: async (ms: number) => {
        holder.t!.clock.now += ms;
        await new Promise((r) => setImmediate(r));
      },
    },
  };
  const t = await startHub(hubOptions);
  holder.t = t;
  cleanup.push(() => t.close());
  t.clock.now = T0;
  const fake = await new FakeAmoCrm({ now: () => t.clock.now, ...fakeOptions }).start();
  cleanup.push(() => fake.stop());
  const world = await seedWorld(t.hub);
  fake.addUser(world.m1.email);
  const admin = await signIn(t.hub, world.admin.email);
  const saved = await admin.send('PUT', '/api/v1/crm', { kind: 'amocrm', address: fake.origin, credentials: credentials(fake), options: { report: { to: 'note', entityType: 'companies', entityId: 77 }, tasksEveryMinutes: 0 } });
  if (saved.statusCode !== 200) throw new Error(`connector: ${saved.body}`);
  await admin.send('POST', '/api/v1/crm/users/match');
  await enrollAgent(t.hub, world.m1.id);
  const limits = { syncPerMinute: 10_000, authPerMinute: 10_000, loginFailuresBeforeBackoff: 10_000, pushQueue: { maxLagMs: Infinity } };
  const second = await createHub({ ...t.db.options, ...hubOptions, now: () => t.clock.now, limits });
  cleanup.push(() => second.close());
  const pulls = async (n: number) => {
    for (let i = 0; i < n; i++) await enqueue(t.hub.database.db, { kind: AMO.tasks, account: crmAccount(world.orgA), orgId: world.orgA, payload: { orgId: world.orgA } }, t.clock.now);
  };
  const states = async () => (await t.hub.database.db.selectFrom('jobs').select('state').execute()).map((r) => r.state);
  return { t, fake, world, second, pulls, states, a: t.hub.integrations.runner!, b: second.integrations.runner! };
}

describe('amoCRM on two instances', () => {
  it('an expired access token both need is refreshed once (its refresh token spent once); both go on with the new one', async () => {
    const { t, fake, world, second } = await amoHubs((f) => ({ auth: 'oauth', clientId: f.client.id, clientSecret: f.client.secret, code: f.authCode, redirectUri: f.client.redirectUri }));
    const a = await sessionOf(t.hub, t.clock, world.orgA, 'instance-a');
    const b = await sessionOf(second, t.clock, world.orgA, 'instance-b');
    fake.expireAccessTokens();
    const before = fake.refreshes;
    const answers = await Promise.all([a.amo!.get('/api/v4/account'), b.amo!.get('/api/v4/account')]);
    expect(answers).toEqual([{ id: 29_000_000, name: 'Fake account' }, { id: 29_000_000, name: 'Fake account' }]);
    expect(fake.refreshes - before).toBe(1);
    expect(fake.refusedRefreshes).toBe(0);
    await Promise.all([a.amo!.get('/api/v4/account'), b.amo!.get('/api/v4/account')]);
    expect(fake.refreshes - before).toBe(1);
    expect(fake.log.filter((l) => l.status === 401)).toHaveLength(2);
    const row = await t.hub.database.db.selectFrom('crm_connectors').select(['status', 'refresh_owner']).executeTakeFirstOrThrow();
    expect(row.refresh_owner).toBeNull(); // the lock was let go
    expect(row.status).not.toBe('auth_failed');
  });

  it('7 requests a second hold across both instances', async () => {
    const { fake, pulls, states, a, b } = await amoHubs((f) => ({ auth: 'token', token: f.longLived }));
    await pulls(30);
    await a.drain();
    await pulls(30);
    await b.drain();
    await pulls(30);
    await Promise.all([a.drain(), b.drain()]);
    expect(fake.requests()).toBeGreaterThan(90);
    expect(fake.limited).toBe(0);
    expect(fake.log.filter((l) => l.status >= 300 && l.status !== 204)).toEqual([]);
    expect(new Set(await states())).toEqual(new Set(['done']));
  });

  it('a 429 with Retry-After: the next request to the account waits at least that long, from either instance', async () => {
    const { fake, pulls, states, a, b } = await amoHubs((f) => ({ auth: 'token', token: f.longLived }));
    await pulls(1);
    fake.faults.tooMany = { times: 1, retryAfterSec: 5 };
    await a.drain();
    await pulls(3);
    await b.drain();
    const refused = fake.log.findIndex((l) => l.status === 429);
    expect(refused).toBeGreaterThanOrEqual(0);
    // Longer than the client's own one second for a 429 without the header.
    expect(fake.log[refused + 1]!.at - fake.log[refused]!.at).toBeGreaterThanOrEqual(5_000);
    expect(fake.log.filter((l) => l.status === 429)).toHaveLength(1);
    expect(new Set(await states())).toEqual(new Set(['done']));
  });
});
