// Issue 5 §6: the access matrix, every cell a request through the HTTP API. A manager reads and
// writes only their own data, a lead only their teams', an admin everything in their
// organization; revoked devices, expired codes and other organizations are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../shared/uuid.ts';
import { createEnrollmentCode } from './devices.ts';
import { enrollAgent, seedWorld, signIn, startHub, type Agent, type Browser, type Person, type TestHub, type World } from './testing/harness.ts';
import { reportRevision, workEvent } from './testing/records.ts';

let t: TestHub;
let w: World;
const browsers = new Map<string, Browser>();
const agents = new Map<string, Agent>();
/** One report per manager, to review. */
const reports = new Map<string, string>();

type Who = 'admin' | 'leadBoth' | 'lead1' | 'lead2' | 'm1' | 'm1b' | 'm2' | 'adminB' | 'mB';
const as = (who: Who) => browsers.get(who)!;
const person = (who: Who): Person => w[who];

beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
  for (const who of ['admin', 'leadBoth', 'lead1', 'lead2', 'm1', 'm1b', 'm2', 'adminB', 'mB'] as Who[]) browsers.set(who, await signIn(t.hub, person(who).email));
  for (const who of ['m1', 'm1b', 'm2', 'mB'] as Who[]) {
    const agent = await enrollAgent(t.hub, person(who).id);
    agents.set(who, agent);
    const report = reportRevision(agent.deviceId, t.clock.now - 60_000);
    const res = await agent.push([workEvent(agent.deviceId, t.clock.now - 120_000), report]);
    expect(res.json().results.every((r: { status: string }) => r.status === 'stored')).toBe(true);
    reports.set(who, report.reportId);
  }
});
afterAll(async () => t?.close());

// [actor, subject, expected status]
type Cell = [Who, Who, number];

describe('reading a user\'s records and days', () => {
  const cells: Cell[] = [
    ['m1', 'm1', 200], ['m1', 'm1b', 404], ['m1', 'm2', 404], ['m1', 'lead1', 404], ['m1', 'mB', 404],
    ['lead1', 'm1', 200], ['lead1', 'm1b', 200], ['lead1', 'lead1', 200], ['lead1', 'm2', 404], ['lead1', 'mB', 404],
    ['lead2', 'm2', 200], ['lead2', 'm1', 404],
    ['leadBoth', 'm1', 200], ['leadBoth', 'm2', 200], ['leadBoth', 'mB', 404],
    ['admin', 'm1', 200], ['admin', 'm2', 200], ['admin', 'lead1', 200], ['admin', 'mB', 404], ['admin', 'adminB', 404],
    ['adminB', 'mB', 200], ['adminB', 'm1', 404],
    ['mB', 'm1', 404],
  ];
  for (const [actor, subject, status] of cells) {
    it(`${actor} reads ${subject}'s records → ${status}`, async () => {
      const res = await as(actor).get(`/api/v1/users/${person(subject).id}/records?kind=work_event`);
      expect(res.statusCode).toBe(status);
      if (status === 200) expect(res.json().records.length).toBe(agents.has(subject) ? 1 : 0);
    });
    it(`${actor} reads ${subject}'s days → ${status}`, async () => {
      const res = await as(actor).get(`/api/v1/users/${person(subject).id}/days?from=2026-03-01&to=2026-03-31`);
      expect(res.statusCode).toBe(status);
    });
  }
});

describe('the dashboard: a manager\'s day, week and grid', () => {
  const cells: Cell[] = [
    ['m1', 'm1', 200], ['m1', 'm1b', 404], ['m1', 'm2', 404], ['m1', 'mB', 404],
    ['lead1', 'm1', 200], ['lead1', 'm1b', 200], ['lead1', 'm2', 404], ['lead1', 'mB', 404],
    ['lead2', 'm2', 200], ['lead2', 'm1', 404],
    ['leadBoth', 'm1', 200], ['leadBoth', 'm2', 200], ['leadBoth', 'mB', 404],
    ['admin', 'm1', 200], ['admin', 'm2', 200], ['admin', 'mB', 404],
    ['adminB', 'mB', 200], ['adminB', 'm1', 404],
    ['mB', 'm1', 404],
  ];
  for (const [actor, subject, status] of cells) {
    const id = () => person(subject).id;
    it(`${actor} reads ${subject}'s day → ${status}`, async () => {
      const res = await as(actor).get(`/api/v1/users/${id()}/day/2026-03-02`);
      expect(res.statusCode).toBe(status);
      if (status === 200) expect(res.json().user.id).toBe(id());
    });
    it(`${actor} reads ${subject}'s week → ${status}`, async () => {
      expect((await as(actor).get(`/api/v1/users/${id()}/week?date=2026-03-02`)).statusCode).toBe(status);
    });
    it(`${actor} reads ${subject}'s grid → ${status}`, async () => {
      const res = await as(actor).get(`/api/v1/grid?userId=${id()}&from=2026-03-01&to=2026-03-07`);
      expect(res.statusCode).toBe(status);
      if (status === 200) expect(res.json().rows.map((r: { userId: string }) => r.userId)).toEqual([id()]);
    });
  }

  const teamCells: [Who, 't1' | 't2' | 'tb' | null, number, Who[]][] = [
    ['lead1', null, 200, ['m1', 'm1b']], ['lead1', 't1', 200, ['m1', 'm1b']], ['lead1', 't2', 404, []], ['lead1', 'tb', 404, []],
    ['lead2', null, 200, ['m2']], ['leadBoth', null, 200, ['m1', 'm1b', 'm2']],
    ['admin', null, 200, ['m1', 'm1b', 'm2']], ['admin', 'tb', 404, []], ['adminB', null, 200, ['mB']],
    ['m1', null, 403, []], ['m1', 't1', 403, []],
  ];
  for (const [actor, team, status, members] of teamCells) {
    it(`${actor} reads team now${team ? ` of ${team}` : ''} → ${status} ${members.join(', ')}`, async () => {
      const res = await as(actor).get(`/api/v1/team-now${team ? `?teamId=${w[team]}` : ''}`);
      expect(res.statusCode).toBe(status);
      if (status === 200) expect(res.json().members.map((m: { user: { id: string } }) => m.user.id).sort()).toEqual(members.map((m) => person(m).id).sort());
    });
    it(`${actor} reads the grid${team ? ` of ${team}` : ''} → ${status === 403 ? 200 : status}`, async () => {
      const res = await as(actor).get(`/api/v1/grid?from=2026-03-01&to=2026-03-02${team ? `&teamId=${w[team]}` : ''}`);
      // A manager's grid is their own, whatever team they name (404 for a team they do not lead).
      if (actor === 'm1') expect(res.statusCode).toBe(team ? 404 : 200);
      else {
        expect(res.statusCode).toBe(status);
        if (status === 200) expect(res.json().users.map((u: { id: string }) => u.id).sort()).toEqual(members.map((m) => person(m).id).sort());
      }
    });
  }
});

describe('reviewing a report (write)', () => {
  // Each cell reviews with "returned", which leaves the report open for the next cell.
  const cells: Cell[] = [
    ['m1', 'm1', 403], ['m1', 'm1b', 404], ['m1', 'm2', 404],
    ['lead1', 'm1', 200], ['lead1', 'm2', 404], ['lead1', 'mB', 404],
    ['leadBoth', 'm2', 200],
    ['admin', 'm1b', 200], ['admin', 'mB', 404],
    ['adminB', 'mB', 200], ['adminB', 'm1', 404],
  ];
  for (const [actor, subject, status] of cells) {
    it(`${actor} reviews ${subject}'s report → ${status}`, async () => {
      const res = await as(actor).send('POST', `/api/v1/reports/${reports.get(subject)}/review`, { status: 'returned', comment: 'Уточни, будь ласка' });
      expect(res.statusCode).toBe(status);
    });
  }
});

describe('enrollment codes and targets for a user (write)', () => {
  const cells: Cell[] = [
    ['m1', 'm1', 403], ['m1', 'm1b', 404],
    ['lead1', 'm1', 200], ['lead1', 'm2', 404], ['leadBoth', 'm2', 200],
    ['admin', 'm2', 200], ['admin', 'mB', 404], ['adminB', 'm1', 404],
  ];
  for (const [actor, subject, status] of cells) {
    it(`${actor} makes a code for ${subject} → ${status}`, async () => {
      const res = await as(actor).send('POST', `/api/v1/users/${person(subject).id}/enrollment-codes`, { uses: 2, expiresInHours: 1 });
      expect(res.statusCode).toBe(status);
      if (status === 200) expect(res.json().code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    });
    it(`${actor} sets ${subject}'s targets → ${status}`, async () => {
      const res = await as(actor).send('PUT', `/api/v1/users/${person(subject).id}/targets`, { targets: [{ key: 'calls_total', period: 'day', value: 45 }] });
      expect(res.statusCode).toBe(status);
    });
  }
});

describe('teams', () => {
  const lists: [Who, number, string[]][] = [
    ['m1', 403, []],
    ['lead1', 200, ['Team 1']],
    ['leadBoth', 200, ['Team 1', 'Team 2']],
    ['admin', 200, ['Team 1', 'Team 2']],
    ['adminB', 200, ['Team B']],
  ];
  for (const [actor, status, names] of lists) {
    it(`${actor} lists teams → ${status} ${names.join(', ')}`, async () => {
      const res = await as(actor).get('/api/v1/teams');
      expect(res.statusCode).toBe(status);
      if (status === 200) expect(res.json().teams.map((x: { name: string }) => x.name)).toEqual(names);
    });
  }

  const team = (name: 't1' | 't2' | 'tb') => w[name];
  const members: [Who, 't1' | 't2' | 'tb', number][] = [['m1', 't1', 404], ['lead1', 't1', 200], ['lead1', 't2', 404], ['leadBoth', 't2', 200], ['admin', 't2', 200], ['admin', 'tb', 404], ['adminB', 't1', 404]];
  for (const [actor, name, status] of members) {
    it(`${actor} reads ${name}'s members → ${status}`, async () => {
      expect((await as(actor).get(`/api/v1/teams/${team(name)}/users`)).statusCode).toBe(status);
    });
  }

  const policy: [Who, 't1' | 'tb', number][] = [['m1', 't1', 404], ['lead1', 't1', 403], ['admin', 't1', 200], ['admin', 'tb', 404], ['adminB', 't1', 404]];
  for (const [actor, name, status] of policy) {
    it(`${actor} sets ${name}'s policy → ${status}`, async () => {
      expect((await as(actor).send('PUT', `/api/v1/teams/${team(name)}/policy`, { idleThresholdSec: 240 })).statusCode).toBe(status);
    });
  }

  const kpis: [Who, 't1' | 't2', number][] = [['m1', 't1', 404], ['lead1', 't1', 200], ['lead2', 't1', 404], ['leadBoth', 't2', 200], ['admin', 't1', 200], ['adminB', 't1', 404]];
  for (const [actor, name, status] of kpis) {
    it(`${actor} sets ${name}'s KPI targets → ${status}`, async () => {
      const body = { definitions: [], targets: [{ key: 'calls_total', period: 'day', value: 40 }] };
      expect((await as(actor).send('PUT', `/api/v1/teams/${team(name)}/kpis`, body)).statusCode).toBe(status);
    });
  }

  const creators: [Who, number][] = [['m1', 403], ['lead1', 403], ['admin', 200]];
  for (const [actor, status] of creators) {
    it(`${actor} creates a user → ${status}`, async () => {
      const res = await as(actor).send('POST', '/api/v1/users', { email: `new.${actor}@a.test`, role: 'manager', teamId: w.t1 });
      expect(res.statusCode).toBe(status);
    });
  }
  it('adminB cannot put a user into org A\'s team → 404', async () => {
    expect((await as('adminB').send('POST', '/api/v1/users', { email: 'x@b.test', role: 'manager', teamId: w.t1 })).statusCode).toBe(404);
  });
});

describe('devices', () => {
  it('a device pushes its own user\'s records → stored', async () => {
    const a = agents.get('m1')!;
    expect((await a.push([workEvent(a.deviceId, t.clock.now - 1000)])).json().results[0].status).toBe('stored');
  });

  it('a device cannot push records of another user\'s device → wrong_device', async () => {
    const a = agents.get('m1')!;
    const other = agents.get('m2')!;
    expect((await a.push([workEvent(other.deviceId, t.clock.now - 1000)])).json().results[0].code).toBe('wrong_device');
  });

  it('another organization\'s device cannot push records of this organization\'s device → wrong_device', async () => {
    const b = agents.get('mB')!;
    const a = agents.get('m1')!;
    expect((await b.push([workEvent(a.deviceId, t.clock.now - 1000)])).json().results[0].code).toBe('wrong_device');
  });

  it('another organization\'s device pulls its own organization\'s settings only', async () => {
    const pulled = (await agents.get('mB')!.pull()).json();
    expect(pulled.policy.idleThresholdSec).toBe(300); // org A's team 1 was set to 240 above
  });

  it('a device token is not a dashboard session → 401', async () => {
    const a = agents.get('m1')!;
    const res = await t.hub.app.inject({ url: `/api/v1/users/${a.userId}/records?kind=work_event`, headers: { authorization: `Bearer ${a.token}` } });
    expect(res.statusCode).toBe(401);
  });

  const revokers: [Who, number][] = [['m1', 403], ['lead2', 404], ['adminB', 404], ['lead1', 200]];
  for (const [actor, status] of revokers) {
    it(`${actor} revokes m1's device → ${status}`, async () => {
      expect((await as(actor).send('POST', `/api/v1/devices/${agents.get('m1')!.deviceId}/revoke`)).statusCode).toBe(status);
    });
  }

  it('a revoked device is refused with device_revoked on push and pull', async () => {
    const a = agents.get('m1')!;
    for (const res of [await a.push([workEvent(a.deviceId, t.clock.now)]), await a.pull()]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('device_revoked');
      expect(res.json().error.message).toMatch(/enrollment code/);
    }
  });

  it('a revoked device enrolls again with a new code and gets a new token', async () => {
    const old = agents.get('m1')!;
    const again = await enrollAgent(t.hub, w.m1.id, old.deviceId);
    expect(again.token).not.toBe(old.token);
    expect((await again.pull()).statusCode).toBe(200);
    expect((await old.pull()).json().error.code).toBe('unauthorized');
  });

  it('an expired code is refused → code_expired', async () => {
    const { code } = await createEnrollmentCode(t.hub.database.db, { userId: w.m1.id, createdBy: null, ttlMs: 60_000 }, t.clock.now - 120_000);
    const res = await t.hub.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, deviceId: uuidv7() } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('code_expired');
  });

  it('a used-up code is refused → code_used_up; an N-use code serves N devices', async () => {
    const { code } = await createEnrollmentCode(t.hub.database.db, { userId: w.m2.id, createdBy: null, uses: 2 }, t.clock.now);
    const enroll = () => t.hub.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code: code.toLowerCase().replaceAll('-', ' '), deviceId: uuidv7() } });
    expect((await enroll()).statusCode).toBe(200);
    expect((await enroll()).statusCode).toBe(200);
    const third = await enroll();
    expect(third.statusCode).toBe(400);
    expect(third.json().error.code).toBe('code_used_up');
  });

  it('an unknown code is refused → code_invalid', async () => {
    const res = await t.hub.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code: 'AAAA-BBBB-CCCC', deviceId: uuidv7() } });
    expect(res.json().error.code).toBe('code_invalid');
  });

  it('a device id enrolled for one user cannot be taken by another → device_taken', async () => {
    const { code } = await createEnrollmentCode(t.hub.database.db, { userId: w.mB.id, createdBy: null }, t.clock.now);
    const res = await t.hub.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, deviceId: agents.get('m2')!.deviceId } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('device_taken');
  });
});

it('nobody signed in reads nothing → 401', async () => {
  const res = await t.hub.app.inject({ url: `/api/v1/users/${w.m1.id}/records?kind=work_event` });
  expect(res.statusCode).toBe(401);
});
