// A hub (SQLite or PostgreSQL, per the vitest project) connected to a local Bitrix24 portal: an
// admin who connected it through the API, a lead and two managers linked by email, the managers'
// agents enrolled. The runner does not run by itself: a test drains it, and its sleeps move the
// shared clock, so pacing is exercised without waiting.
import { newSecretKey } from '../secrets.ts';
import { FakeBitrix24, type FakeBitrix24Options } from './fake-bitrix24.ts';
import { testCertificate } from './tls.ts';
import { enrollAgent, seedWorld, signIn, startHub, type Agent, type Browser, type TestHub, type World } from '../../testing/harness.ts';
import { createHub, type Hub } from '../../app.ts';
import type { Logger } from '../../jobs/runner.ts';
import type { ConnectorInput } from '../../../shared/integrations.ts';

export const T0 = Date.UTC(2026, 2, 2, 6, 0, 0); // 08:00 in Kyiv, Monday 2 March 2026

export interface CrmWorld {
  t: TestHub;
  world: World;
  fake: FakeBitrix24;
  admin: Browser;
  webhookUrl: string;
  m1: Agent;
  m1b: Agent;
  ids: { admin: string; lead: string; m1: string; m1b: string };
  drain(): Promise<void>;
  /** Another hub instance on the same database (its own connections), on the same clock. */
  secondHub(): Promise<Hub>;
  close(): Promise<void>;
}

export async function crmWorld(options: { fake?: FakeBitrix24Options; connector?: Partial<ConnectorInput>; leaseMs?: number; claimLimit?: number; log?: Logger } = {}): Promise<CrmWorld> {
  const holder: { t?: TestHub } = {};
  const sleep = async (ms: number) => {
    holder.t!.clock.now += ms;
    await new Promise((r) => setImmediate(r));
  };
  const hubOptions = {
    secretKey: newSecretKey(),
    webhookAllow: '127.0.0.1',
    outboundCa: testCertificate().cert,
    publicUrl: 'https://hub.example.test',
    jobs: { autostart: false, sleep, leaseMs: options.leaseMs ?? 60_000, ...(options.claimLimit ? { claimLimit: options.claimLimit } : {}), ...(options.log ? { log: options.log } : {}) },
  };
  const t = await startHub(hubOptions);
  const others: Hub[] = [];
  holder.t = t;
  t.clock.now = T0;
  const fake = await new FakeBitrix24({ now: () => t.clock.now, ...options.fake }).start();
  const world = await seedWorld(t.hub);
  const ids = {
    admin: fake.addUser({ EMAIL: 'portal.admin@a.test', NAME: 'Адмін' }).ID,
    lead: fake.addUser({ EMAIL: world.lead1.email, NAME: 'Ліда' }).ID,
    m1: fake.addUser({ EMAIL: world.m1.email, NAME: 'Олена' }).ID,
    m1b: fake.addUser({ EMAIL: world.m1b.email, NAME: 'Петро' }).ID,
  };
  const webhookUrl = fake.addWebhook(ids.admin);
  const admin = await signIn(t.hub, world.admin.email);
  const saved = await admin.send('PUT', '/api/v1/crm', { kind: 'bitrix24', credentials: { auth: 'webhook', webhookUrl }, ...options.connector });
  if (saved.statusCode !== 200) throw new Error(`connector: ${saved.statusCode} ${saved.body}`);
  const matched = await admin.send('POST', '/api/v1/crm/users/match');
  if (matched.statusCode !== 200) throw new Error(`match: ${matched.statusCode} ${matched.body}`);
  const m1 = await enrollAgent(t.hub, world.m1.id);
  const m1b = await enrollAgent(t.hub, world.m1b.id);
  const runner = t.hub.integrations.runner!;
  return {
    t,
    world,
    fake,
    admin,
    webhookUrl,
    m1,
    m1b,
    ids,
    drain: () => runner.drain(),
    async secondHub() {
      const limits = { syncPerMinute: 10_000, authPerMinute: 10_000, loginFailuresBeforeBackoff: 10_000, pushQueue: { maxLagMs: Infinity } };
      const hub = await createHub({ ...t.db.options, ...hubOptions, now: () => t.clock.now, limits });
      others.push(hub);
      return hub;
    },
    async close() {
      for (const hub of others.splice(0)) await hub.close();
      await fake.stop();
      await t.close();
    },
  };
}

/** Pushes and fails the test on anything but all stored. */
export async function pushAll(agent: Agent, records: unknown[]): Promise<void> {
  const res = await agent.push(records);
  if (res.statusCode !== 200) throw new Error(`push: ${res.statusCode} ${res.body}`);
  const bad = (res.json() as { results: { status: string }[] }).results.filter((r) => r.status !== 'stored');
  if (bad.length) throw new Error(`push refused: ${JSON.stringify(bad)}`);
}
