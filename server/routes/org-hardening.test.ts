// What an admin of one organization can learn about another (nothing: a 404 reads the same
// whether the thing exists elsewhere or not), what a team policy may hold (only what the policy
// schema knows), and creates that race (a 409 or the one right answer, never a 500).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponseSchema } from '../../shared/sync.ts';
import { enrollAgent, seedWorld, signIn, startHub, type Browser, type TestHub, type World } from '../testing/harness.ts';
import { reportRevision } from '../testing/records.ts';

let t: TestHub;
let w: World;
let adminA: Browser;
let adminB: Browser;
beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
  adminA = await signIn(t.hub, w.admin.email);
  adminB = await signIn(t.hub, w.adminB.email);
});
afterAll(async () => t?.close());

describe('nothing of another organization shows through', () => {
  it('a device or report of another organization gets the same 404 as an id that does not exist', async () => {
    const agent = await enrollAgent(t.hub, w.m1.id);
    const report = reportRevision(agent.deviceId, t.clock.now - 60_000, { date: '2026-03-01' });
    expect((await agent.push([report])).statusCode).toBe(200);

    const elsewhere = await adminB.send('POST', `/api/v1/devices/${agent.deviceId}/revoke`);
    const nowhere = await adminB.send('POST', '/api/v1/devices/01900000-0000-7000-8000-000000000000/revoke');
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json()).toEqual(nowhere.json());

    const otherReport = await adminB.send('POST', `/api/v1/reports/${report.reportId}/review`, { status: 'approved' });
    const noReport = await adminB.send('POST', '/api/v1/reports/01900000-0000-7000-8000-000000000000/review', { status: 'approved' });
    expect(otherReport.statusCode).toBe(404);
    expect(otherReport.json()).toEqual(noReport.json());
    // Within the organization, a lead of another team is told the same.
    const lead2 = await signIn(t.hub, w.lead2.email);
    expect((await lead2.send('POST', `/api/v1/reports/${report.reportId}/review`, { status: 'approved' })).json()).toEqual(noReport.json());
  });

  it('an email taken in another organization gets the same 409 as one taken in this one', async () => {
    const here = await adminA.send('POST', '/api/v1/users', { email: w.m1.email, role: 'admin' });
    const there = await adminB.send('POST', '/api/v1/users', { email: w.m1.email, role: 'admin' });
    expect(there.statusCode).toBe(409);
    expect(there.json()).toEqual(here.json());
    expect(JSON.stringify(there.json())).not.toMatch(/organi[sz]ation|Org A/i);
  });
});

describe('team policy', () => {
  const put = (body: unknown) => adminA.send('PUT', `/api/v1/teams/${w.t2}/policy`, body);
  const stored = async () => (await t.hub.database.db.selectFrom('teams').select('policy').where('id', '=', w.t2).executeTakeFirstOrThrow()).policy;

  it('refuses fields the policy schema does not know, at any depth, and stores nothing', async () => {
    expect((await put({ idleThresholdSec: 600, schedule: { start: '10:00' } })).statusCode).toBe(200);
    const before = await stored();
    for (const body of [
      { idleThresholdSec: 600, extra: true },
      { schedule: { start: '10:00', lunch: '13:00' } },
      { categories: [{ match: { app: 'Chrome', color: 'red' }, category: 'web', productivity: 'neutral' }] },
      { junk: 'x'.repeat(900_000) },
      { junk: JSON.parse('{"a":'.repeat(60) + '1' + '}'.repeat(60)) as unknown },
    ]) {
      const res = await put(body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
    expect((await put({ schedule: { start: '10:00', lunch: '13:00' } })).json().error.message).toMatch(/schedule\.lunch/);
    expect(await stored()).toBe(before);
  });

  it('still takes a full policy, and the agent gets it', async () => {
    const policy = {
      idleThresholdSec: 900,
      titles: { capture: 'redacted', redact: [{ pattern: '\\d{10}', flags: 'g', replacement: '#' }] },
      categories: [{ match: { app: 'Chrome', domain: 'crm\\.example' }, category: 'crm', productivity: 'productive' }],
      kpiTargets: { calls_total: 40, 'any key here': 3 },
      planSnooze: { times: 1 },
    };
    expect((await put(policy)).statusCode).toBe(200);
    const agent = await enrollAgent(t.hub, w.m2.id);
    const pulled = PullResponseSchema.parse((await agent.pull()).json());
    expect(pulled.policy?.idleThresholdSec).toBe(900);
    expect(pulled.policy?.kpiTargets).toEqual({ calls_total: 40, 'any key here': 3 });
  });
});

describe('creates that race', () => {
  it('the same user email created eight times at once: one 200, the rest 409', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => adminA.send('POST', '/api/v1/users', { email: 'race@a.test', role: 'manager', teamId: w.t1 })));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().error.code).toBe('conflict');
    expect(await t.hub.database.db.selectFrom('users').select('id').where('email', '=', 'race@a.test').execute()).toHaveLength(1);
  });

  it('the same team name created eight times at once: one team; each answer names it or says it exists', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => adminA.send('POST', '/api/v1/teams', { name: 'Race team' })));
    const rows = await t.hub.database.db.selectFrom('teams').select('id').where('name', '=', 'Race team').execute();
    expect(rows).toHaveLength(1);
    const created = answers.filter((a) => a.statusCode === 200);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created.map((a) => a.json().team.id))).toEqual(new Set([rows[0]!.id]));
    for (const a of answers.filter((a) => a.statusCode !== 200)) expect(a.json()).toMatchObject({ error: { code: 'conflict' } });
    expect(answers.every((a) => a.statusCode === 200 || a.statusCode === 409)).toBe(true);
  });
});
