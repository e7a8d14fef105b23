// The sync API through HTTP (fastify inject) on a real database: SQLite, or PostgreSQL in the
// `postgres` project.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/uuid.ts';
import { MAX_BATCH_RECORDS, PushResponseSchema, PullResponseSchema } from '../../shared/sync.ts';
import { enrollAgent, seedWorld, signIn, startHub, type Agent, type TestHub, type World } from '../testing/harness.ts';
import { agentDevice, agentSpan, ZONE } from '../testing/agent-device.ts';
import { minuteOfSpans, reportRevision, span, workEvent } from '../testing/records.ts';

let t: TestHub;
let w: World;
let agent: Agent;
const MIN = 60_000;

beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
  agent = await enrollAgent(t.hub, w.m1.id);
});
afterAll(async () => t?.close());

async function count(table: 'work_events' | 'activity_spans' | 'idle_decisions' | 'day_plans' | 'report_revisions'): Promise<number> {
  const row = await t.hub.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('push', () => {
  it('stores every kind of record the agent writes and answers per record with the server time', async () => {
    const pc = await agentDevice(t.hub, w.m1.id);
    try {
      const at = t.clock.now - 30 * MIN;
      pc.store.workEvents.append('clock_in', at, ZONE, 1000);
      const pause = pc.store.workEvents.append('pause', at + 1000, ZONE, 2000, { reason: 'idle' });
      pc.writeSpans([agentSpan(at, at + 5000)]);
      pc.store.idleDecisions.add(pause.id, 'keep', 'call', at + 2000, ZONE);
      pc.savePlan('2026-03-02', at);
      pc.fileReport('2026-03-02', at + 3000);
      const { records, results } = await pc.sync();
      expect(new Set(records.map((r) => r.kind))).toEqual(new Set(['work_event', 'activity_span', 'idle_decision', 'day_plan', 'report_revision']));
      expect(results).toEqual(records.map((r) => ({ id: r.id, status: 'stored' })));
      const res = await pc.hub.push([]);
      expect(PushResponseSchema.parse(res.json()).serverTime).toBe(t.clock.now);
      const b = await signIn(t.hub, w.m1.email);
      for (const record of records) {
        const read = (await b.get(`/api/v1/users/${w.m1.id}/records?kind=${record.kind}&from=${at - MIN}&to=${at + MIN}`)).json().records;
        expect(read).toContainEqual(record);
      }
    } finally {
      pc.close();
    }
  });

  it('is idempotent: a replayed batch gets the same results and stores nothing twice', async () => {
    const at = t.clock.now - 60 * MIN;
    const batch = [...minuteOfSpans(agent.deviceId, at, 10), workEvent(agent.deviceId, at), { kind: 'activity_span', id: 'nope' }];
    const before = await count('activity_spans');
    const first = await agent.push(batch);
    const second = await agent.push(batch);
    expect(second.json().results).toEqual(first.json().results);
    expect(first.json().results.filter((r: { status: string }) => r.status === 'stored')).toHaveLength(11);
    expect(await count('activity_spans')).toBe(before + 10);
  });

  it('accepts gzip request bodies', async () => {
    const records = minuteOfSpans(agent.deviceId, t.clock.now - 120 * MIN, 30);
    const res = await t.hub.app.inject({
      method: 'POST',
      url: '/api/v1/sync/push',
      headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ records })),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.every((r: { status: string }) => r.status === 'stored')).toBe(true);
  });

  it('extends a span the agent sends again with a later end, but not into the next span', async () => {
    const at = t.clock.now - 200 * MIN;
    const open = span(agent.deviceId, at, at + 10_000);
    const next = span(agent.deviceId, at + 30_000, at + 40_000);
    await agent.push([open, next]);
    expect((await agent.push([{ ...open, end: at + 20_000 }])).json().results[0].status).toBe('stored');
    const tooFar = (await agent.push([{ ...open, end: at + 35_000 }])).json().results[0];
    expect(tooFar).toMatchObject({ status: 'rejected', code: 'overlap' });
    const b = await signIn(t.hub, w.m1.email);
    const spans = (await b.get(`/api/v1/users/${w.m1.id}/records?kind=activity_span&from=${at}&to=${at + 1}`)).json().records;
    expect(spans[0].end).toBe(at + 20_000);
  });

  it('refuses a report revision that misses a KPI without a reason, and one of an approved report', async () => {
    const at = t.clock.now - 400 * MIN;
    const missed = reportRevision(agent.deviceId, at, { kpis: [{ key: 'calls_total', target: 40, actual: 12, reason: null, reasonText: '' }] });
    expect((await agent.push([missed])).json().results[0]).toMatchObject({ status: 'rejected', code: 'reason_required' });
    const withReason = { ...missed, kpis: [{ key: 'calls_total', target: 40, actual: 12, reason: 'few_leads' as const, reasonText: '' }] };
    expect((await agent.push([withReason])).json().results[0].status).toBe('stored');

    const lead = await signIn(t.hub, w.lead1.email);
    expect((await lead.send('POST', `/api/v1/reports/${missed.reportId}/review`, { status: 'approved' })).statusCode).toBe(200);
    const later = reportRevision(agent.deviceId, at + 1000, { reportId: missed.reportId, revision: 2 });
    expect((await agent.push([later])).json().results[0]).toMatchObject({ status: 'rejected', code: 'report_locked' });
    // The revision stored before approval still replays as stored.
    expect((await agent.push([withReason])).json().results[0].status).toBe('stored');
  });

  it('refuses more than 5,000 records and more than 1 MB with 413', async () => {
    const many = Array.from({ length: MAX_BATCH_RECORDS + 1 }, () => ({ kind: 'work_event' }));
    const res = await agent.push(many);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('batch_too_large');
    const big = [span(agent.deviceId, 0, 1, { title: 'x'.repeat(1000) })];
    const huge = Array.from({ length: 1200 }, () => big[0]);
    const res2 = await agent.push(huge);
    expect(res2.statusCode).toBe(413);
    expect(res2.json().error.code).toBe('batch_too_large');
  });
});

describe('pull', () => {
  it('returns settings, then only what changed after the cursor', async () => {
    const first = PullResponseSchema.parse((await agent.pull()).json());
    expect(first.policy?.idleThresholdSec).toBe(300);
    expect(first.schedule).toEqual(first.policy?.schedule);
    expect(first.kpis?.some((k) => k.key === 'calls_total')).toBe(true);
    expect(first.targets).toEqual([]);

    const unchanged = PullResponseSchema.parse((await agent.pull(first.cursor)).json());
    expect(unchanged).toMatchObject({ policy: null, schedule: null, kpis: null, targets: null, reviews: [] });

    const admin = await signIn(t.hub, w.admin.email);
    expect((await admin.send('PUT', `/api/v1/teams/${w.t1}/policy`, { idleThresholdSec: 600, schedule: { start: '10:00' } })).statusCode).toBe(200);
    const lead = await signIn(t.hub, w.lead1.email);
    const kpis = { definitions: [{ key: 'demo_calls', names: { uk: 'Демо', ru: 'Демо', en: 'Demos' }, unit: 'count', direction: 'higher' }], targets: [{ key: 'calls_total', period: 'day', value: 50 }, { key: 'demo_calls', period: 'day', value: 3 }] };
    expect((await lead.send('PUT', `/api/v1/teams/${w.t1}/kpis`, kpis)).statusCode).toBe(200);
    expect((await lead.send('PUT', `/api/v1/users/${w.m1.id}/targets`, { targets: [{ key: 'calls_total', period: 'day', value: 60 }] })).statusCode).toBe(200);

    const changed = PullResponseSchema.parse((await agent.pull(first.cursor)).json());
    expect(changed.policy?.idleThresholdSec).toBe(600);
    expect(changed.schedule?.start).toBe('10:00');
    expect(changed.kpis?.[0]?.key).toBe('demo_calls');
    expect(changed.targets).toEqual(expect.arrayContaining([{ key: 'calls_total', period: 'day', value: 60 }, { key: 'demo_calls', period: 'day', value: 3 }]));
    expect(Number(changed.cursor)).toBeGreaterThan(Number(first.cursor));

    // The other team's agent does not hear about team 1's changes.
    const other = await enrollAgent(t.hub, w.m2.id);
    const o1 = PullResponseSchema.parse((await other.pull()).json());
    expect(o1.policy?.idleThresholdSec).toBe(300);
  });

  it('delivers report reviews once, after the cursor', async () => {
    const start = PullResponseSchema.parse((await agent.pull()).json());
    const report = reportRevision(agent.deviceId, t.clock.now - 10 * MIN, { date: '2026-03-01' });
    await agent.push([report]);
    const lead = await signIn(t.hub, w.leadBoth.email);
    const res = await lead.send('POST', `/api/v1/reports/${report.reportId}/review`, { status: 'returned', comment: 'Додай причину по дзвінках' });
    expect(res.statusCode).toBe(200);
    const next = PullResponseSchema.parse((await agent.pull(start.cursor)).json());
    expect(next.reviews).toEqual([{ reportId: report.reportId, date: '2026-03-01', status: 'returned', comment: 'Додай причину по дзвінках', reviewedAt: t.clock.now }]);
    const after = PullResponseSchema.parse((await agent.pull(next.cursor)).json());
    expect(after.reviews).toEqual([]);
  });

  it('rejects a cursor that is not one', async () => {
    const res = await agent.pull('abc');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a device exceeds its budget, per device', async () => {
    const limited = await startHub({ limits: { syncPerMinute: 3, authPerMinute: 100 } });
    try {
      const world = await seedWorld(limited.hub);
      const a = await enrollAgent(limited.hub, world.m1.id);
      const b = await enrollAgent(limited.hub, world.m2.id);
      for (let i = 0; i < 3; i++) expect((await a.pull()).statusCode).toBe(200);
      const res = await a.pull();
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.json().error.code).toBe('rate_limited');
      expect((await b.pull()).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

it('gives each record id to one device only', async () => {
  const other = await enrollAgent(t.hub, w.m1b.id);
  const record = workEvent(agent.deviceId, t.clock.now - 5 * MIN);
  await agent.push([record]);
  const stolen = (await other.push([{ ...record, deviceId: other.deviceId }])).json().results[0];
  expect(stolen).toMatchObject({ status: 'rejected', code: 'id_taken' });
  expect(uuidv7()).not.toBe(record.id);
});

it('refuses a span whose id another device used, wherever its time, and keeps the rest', async () => {
  const other = await enrollAgent(t.hub, w.m1b.id);
  const at = t.clock.now - 900 * MIN;
  const mine = span(agent.deviceId, at, at + 1000);
  expect((await agent.push([mine])).json().results[0].status).toBe('stored');
  // Same id from another device, at another time (outside the overlap window of the first).
  const forged = { ...mine, deviceId: other.deviceId, start: at + 100 * MIN, end: at + 100 * MIN + 1000 };
  const fine = span(other.deviceId, at + 200 * MIN, at + 200 * MIN + 1000);
  const res = (await other.push([forged, fine])).json().results;
  expect(res[0]).toMatchObject({ status: 'rejected', code: 'id_taken' });
  expect(res[1]).toEqual({ id: fine.id, status: 'stored' });
  // Our own span sent again with another start is stored as sent.
  const moved = { ...mine, start: at - 5000 };
  expect((await agent.push([moved])).json().results[0].status).toBe('stored');
  const b = await signIn(t.hub, w.m1.email);
  const spans = (await b.get(`/api/v1/users/${w.m1.id}/records?kind=activity_span&from=${at - 10_000}&to=${at + 1}`)).json().records;
  expect(spans).toEqual([moved]);
});
