// The bounded push queue with group commit, on a real database (SQLite, or PostgreSQL in the
// `postgres` project): concurrent pushes share transactions yet keep their own answers, and past
// the bound pushes are refused with 429 and Retry-After, storing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordResult } from '../../shared/sync.ts';
import type { DeviceAuth } from '../devices.ts';
import { enrollAgent, seedWorld, startHub, type Agent, type TestHub, type World } from '../testing/harness.ts';
import { minuteOfSpans } from '../testing/records.ts';
import { checkPush } from './push.ts';
import { Overloaded, PushQueue } from './push-queue.ts';

let t: TestHub;
let w: World;
const MIN = 60_000;

beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
});
afterAll(async () => t?.close());

const auth = (a: Agent, teamId: string | null): DeviceAuth => ({ deviceId: a.deviceId, userId: a.userId, orgId: w.orgA, teamId, lastSeenAt: null, clockOffsetMs: null });

async function spansOf(deviceId: string): Promise<number> {
  const row = await t.hub.database.db.selectFrom('activity_spans').select((eb) => eb.fn.countAll<number>().as('n')).where('device_id', '=', deviceId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('push queue', () => {
  it('commits concurrent pushes together, each push with its own answers', async () => {
    const { db, dialect } = t.hub.database;
    const queue = new PushQueue(db, dialect, { writers: 1, maxPushes: 100, maxWaitMs: 60_000, shedAfterMs: 60_000 });
    const agents = await Promise.all(Array.from({ length: 12 }, () => enrollAgent(t.hub, w.m1.id)));
    const base = t.clock.now - 600 * MIN;
    const pushes = agents.map((a, i) => {
      const records: unknown[] = minuteOfSpans(a.deviceId, base + i * MIN, 20);
      if (i % 3 === 0) records.splice(5, 0, { kind: 'activity_span', id: 'not-an-id' });
      return { agent: a, records };
    });
    for (let i = 0; i < pushes.length; i++) expect(queue.admit()).not.toBeNull();
    const answers = await Promise.all(pushes.map((p) => queue.submit(checkPush(auth(p.agent, w.t1), p.records, t.clock.now))));
    answers.forEach(({ results }, i) => {
      const sent = pushes[i]!.records as { id: string }[];
      expect(results.map((r: RecordResult) => r.id)).toEqual(sent.map((r) => (r.id === 'not-an-id' ? 'not-an-id' : r.id)));
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(i % 3 === 0 ? 1 : 0);
    });
    for (const a of agents) expect(await spansOf(a.deviceId)).toBe(20);
    expect(queue.stats.pushes).toBe(12);
    expect(queue.stats.groups).toBeLessThan(12);
  });

  it('refuses a push that waited past its limit, unwritten', async () => {
    const { db, dialect } = t.hub.database;
    let clock = 0;
    const queue = new PushQueue(db, dialect, { writers: 1, maxPushes: 100, maxWaitMs: 60_000, shedAfterMs: 500 }, () => clock);
    const [a, b] = [await enrollAgent(t.hub, w.m2.id), await enrollAgent(t.hub, w.m2.id)];
    const base = t.clock.now - 700 * MIN;
    const first = queue.submit(checkPush(auth(a, w.t2), minuteOfSpans(a.deviceId, base, 10), t.clock.now));
    const late = queue.submit(checkPush(auth(b, w.t2), minuteOfSpans(b.deviceId, base, 10), t.clock.now));
    clock = 1000; // the second waited a second behind the first
    await first;
    await expect(late).rejects.toBeInstanceOf(Overloaded);
    expect(await spansOf(b.deviceId)).toBe(0);
    expect(queue.stats.shed).toBe(1);
  });
});

describe('push route under overload', () => {
  it('answers 429 with Retry-After once the queue is full, stores nothing of those, and the rest in full', async () => {
    const hub = await startHub({ limits: { syncPerMinute: 10_000, authPerMinute: 10_000, pushQueue: { maxPushes: 2 } } });
    try {
      const world = await seedWorld(hub.hub);
      const agents = await Promise.all(Array.from({ length: 10 }, () => enrollAgent(hub.hub, world.m1.id)));
      const base = hub.clock.now - 60 * MIN;
      const responses = await Promise.all(agents.map((a) => a.push(minuteOfSpans(a.deviceId, base, 30))));
      const refused = responses.filter((r) => r.statusCode === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(responses.filter((r) => r.statusCode === 200).length).toBeGreaterThan(0);
      for (const r of refused) {
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
        expect(r.json().error.code).toBe('rate_limited');
      }
      const rows = await hub.hub.database.db.selectFrom('activity_spans').select(['device_id']).execute();
      const stored = new Set(rows.map((r) => r.device_id));
      responses.forEach((r, i) => {
        expect(stored.has(agents[i]!.deviceId)).toBe(r.statusCode === 200);
      });
      expect(rows).toHaveLength(30 * responses.filter((r) => r.statusCode === 200).length);
      // Once the queue has room again (a place is given back when its answer's socket closes),
      // a refused agent's batch goes through.
      const agent = agents[responses.indexOf(refused[0]!)]!;
      const batch = minuteOfSpans(agent.deviceId, base, 30);
      await expect.poll(async () => (await agent.push(batch)).statusCode).toBe(200);
    } finally {
      await hub.close();
    }
  });
});
