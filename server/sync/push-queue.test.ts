// The bounded push queue with group commit, on a real database (SQLite, or PostgreSQL in the
// `postgres` project): concurrent pushes share transactions yet keep their own answers, and past
// the bound pushes are refused with 429 and Retry-After, storing nothing.
import net from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordResult } from '../../shared/sync.ts';
import type { DeviceAuth } from '../devices.ts';
import { DIALECT, enrollAgent, seedWorld, startHub, type Agent, type TestHub, type World } from '../testing/harness.ts';
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

async function spansOf(deviceId: string, on: TestHub = t): Promise<number> {
  const row = await on.hub.database.db.selectFrom('activity_spans').select((eb) => eb.fn.countAll<number>().as('n')).where('device_id', '=', deviceId).executeTakeFirstOrThrow();
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
    await new Promise((r) => setImmediate(r)); // the writer has taken the first
    const late = queue.submit(checkPush(auth(b, w.t2), minuteOfSpans(b.deviceId, base, 10), t.clock.now));
    clock = 1000; // the second waited a second behind the first
    await first;
    await expect(late).rejects.toBeInstanceOf(Overloaded);
    expect(await spansOf(b.deviceId)).toBe(0);
    expect(queue.stats.shed).toBe(1);
  });
});

describe('push queue admission', () => {
  it('refuses while the event loop runs late, whatever room there is, and admits once it is on time', async () => {
    const { db, dialect } = t.hub.database;
    let lag = 500;
    const queue = new PushQueue(db, dialect, { maxPushes: 100, maxLagMs: 200 }, () => 0, () => lag);
    expect(queue.admit()).toBeNull();
    expect(queue.stats).toMatchObject({ refused: 1, refusedLate: 1 });
    lag = 10;
    expect(queue.admit()).not.toBeNull();
  });

  it('admits fewer pushes at once after slow answers, counting the time a request waited unread', async () => {
    const { db, dialect } = t.hub.database;
    let clock = 0;
    let lag = 0;
    const queue = new PushQueue(db, dialect, { maxPushes: 8, minPushes: 2, targetLatencyMs: 150, maxLagMs: 1000 }, () => clock, () => lag);
    // Answered 100 ms after admission, but each had waited 300 ms in its socket first: slow.
    lag = 300;
    for (let i = 0; i < 20; i++) {
      const arrived = queue.admit()!;
      clock += 100;
      queue.release(arrived);
    }
    lag = 0;
    const held = [queue.admit(), queue.admit()];
    expect(held.every((a) => a !== null)).toBe(true);
    expect(queue.admit()).toBeNull();
  });
});

describe('group commit', () => {
  it('a push that fails its group is refused alone; the others are stored exactly once and answered as stored', async () => {
    const { db, dialect } = t.hub.database;
    if (DIALECT === 'sqlite') {
      await sql`CREATE TRIGGER boom_group BEFORE INSERT ON activity_spans WHEN NEW.app = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END`.execute(db);
    } else {
      await sql`CREATE FUNCTION boom_group() RETURNS trigger AS $$ BEGIN IF NEW.app = 'boom' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`.execute(db);
      await sql`CREATE TRIGGER boom_group BEFORE INSERT ON activity_spans FOR EACH ROW EXECUTE FUNCTION boom_group()`.execute(db);
    }
    try {
      const queue = new PushQueue(db, dialect, { writers: 1, maxPushes: 100, maxWaitMs: 60_000, shedAfterMs: 60_000 });
      const agents = await Promise.all(Array.from({ length: 6 }, () => enrollAgent(t.hub, w.m1b.id)));
      const base = t.clock.now - 900 * MIN;
      const batches = agents.map((a, i) => minuteOfSpans(a.deviceId, base + i * MIN, 15).map((r, j) => (i === 2 && j === 7 ? { ...r, app: 'boom' } : r)));
      const outcomes = await Promise.allSettled(agents.map((a, i) => queue.submit(checkPush(auth(a, w.t1), batches[i]!, t.clock.now))));
      outcomes.forEach((o, i) => {
        if (i === 2) expect(o.status).toBe('rejected');
        else {
          expect(o.status).toBe('fulfilled');
          const { results } = (o as PromiseFulfilledResult<{ results: RecordResult[] }>).value;
          expect(results).toEqual(batches[i]!.map((r) => ({ id: r.id, status: 'stored' })));
        }
      });
      for (const [i, a] of agents.entries()) expect(await spansOf(a.deviceId)).toBe(i === 2 ? 0 : 15);
      const ids = batches.flat().map((r) => r.id);
      const rows = await db.selectFrom('activity_spans').select('id').where('id', 'in', ids).execute();
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    } finally {
      await sql`DROP TRIGGER boom_group${sql.raw(DIALECT === 'postgres' ? ' ON activity_spans' : '')}`.execute(db);
      if (DIALECT === 'postgres') await sql`DROP FUNCTION boom_group()`.execute(db);
    }
  });
});

/** Sends a push's request line and headers, promising a body it does not send yet; resolves to the raw answer once the server ends one. */
function headersOnly(port: number, token: string, bodyLength: number): { socket: net.Socket; answer: Promise<string> } {
  const socket = net.connect(port, '127.0.0.1');
  socket.write(
    `POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${bodyLength}\r\n\r\n`,
  );
  const answer = new Promise<string>((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
      const head = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text);
      if (head >= 0 && length && text.length >= head + 4 + Number(length[1])) resolve(text);
    });
    socket.on('error', reject);
  });
  return { socket, answer };
}

describe('push route: group commit', () => {
  it('writes pushes that arrive together in one transaction, each answered on its own', async () => {
    const hub = await startHub({ limits: { syncPerMinute: 10_000, authPerMinute: 10_000, pushQueue: { maxLagMs: 1e9, targetLatencyMs: 1e9 } } });
    try {
      await hub.hub.app.listen({ port: 0, host: '127.0.0.1' });
      const port = (hub.hub.app.server.address() as net.AddressInfo).port;
      const world = await seedWorld(hub.hub);
      const agents = await Promise.all(Array.from({ length: 8 }, () => enrollAgent(hub.hub, world.m1.id)));
      const base = hub.clock.now - 60 * MIN;
      const bodies = agents.map((a) => JSON.stringify({ records: minuteOfSpans(a.deviceId, base, 30) }));
      // Every request admitted and waiting for its body; then the bodies arrive at once, as
      // pushes of many agents do on a busy hub.
      const sent = agents.map((a, i) => headersOnly(port, a.token, Buffer.byteLength(bodies[i]!)));
      await new Promise((r) => setTimeout(r, 200));
      const groupsBefore = hub.hub.stats.push!.groups;
      sent.forEach((s, i) => s.socket.write(bodies[i]!));
      const answers = await Promise.all(sent.map((s) => s.answer));
      sent.forEach((s) => s.socket.destroy());
      answers.forEach((answer, i) => {
        expect(answer).toMatch(/^HTTP\/1\.1 200 /);
        const results: RecordResult[] = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).results;
        expect(results.map((r) => [r.id, r.status])).toEqual((JSON.parse(bodies[i]!).records as { id: string }[]).map((r) => [r.id, 'stored']));
      });
      for (const a of agents) expect(await spansOf(a.deviceId, hub)).toBe(30);
      // Written one by one, as they were read, they took a transaction each.
      const groups = hub.hub.stats.push!.groups - groupsBefore;
      expect(groups).toBeGreaterThan(0);
      expect(groups).toBeLessThan(agents.length / 2);
    } finally {
      await hub.close();
    }
  });
});

describe('push route under overload', () => {
  it('answers 429 with Retry-After before reading the body, while the pushes in flight fill the limit', async () => {
    const hub = await startHub({ limits: { syncPerMinute: 10_000, authPerMinute: 10_000, pushQueue: { maxPushes: 1, minPushes: 1, maxLagMs: 1e9, targetLatencyMs: 1e9 } } });
    try {
      await hub.hub.app.listen({ port: 0, host: '127.0.0.1' });
      const port = (hub.hub.app.server.address() as net.AddressInfo).port;
      const world = await seedWorld(hub.hub);
      const [a, b] = [await enrollAgent(hub.hub, world.m1.id), await enrollAgent(hub.hub, world.m1.id)];
      const body = JSON.stringify({ records: minuteOfSpans(a.deviceId, hub.clock.now - 60 * MIN, 20) });
      // The first takes the only place and waits for its body.
      const first = headersOnly(port, a.token, Buffer.byteLength(body));
      await new Promise((r) => setTimeout(r, 200));
      // The second is answered at once, though its body never comes.
      const second = headersOnly(port, b.token, 5000);
      const refused = await second.answer;
      expect(refused).toMatch(/^HTTP\/1\.1 429 /);
      expect(refused).toMatch(/\r\nretry-after: [1-9]\d*\r\n/i);
      expect(refused).toContain('"rate_limited"');
      second.socket.destroy();
      // The first, its body sent now, is stored whole.
      first.socket.write(body);
      const stored = await first.answer;
      first.socket.destroy();
      expect(stored).toMatch(/^HTTP\/1\.1 200 /);
      expect(JSON.parse(stored.slice(stored.indexOf('\r\n\r\n') + 4)).results.every((r: RecordResult) => r.status === 'stored')).toBe(true);
      const rows = await hub.hub.database.db.selectFrom('activity_spans').select('device_id').execute();
      expect(rows.map((r) => r.device_id)).toEqual(new Array(20).fill(a.deviceId));
    } finally {
      await hub.close();
    }
  });


  it('answers 429 with Retry-After once the queue is full, stores nothing of those, and the rest in full', async () => {
    const hub = await startHub({ limits: { syncPerMinute: 10_000, authPerMinute: 10_000, pushQueue: { maxPushes: 2, maxLagMs: 1e9, targetLatencyMs: 1e9 } } });
    try {
      await hub.hub.app.listen({ port: 0, host: '127.0.0.1' });
      const port = (hub.hub.app.server.address() as net.AddressInfo).port;
      const world = await seedWorld(hub.hub);
      const agents = await Promise.all(Array.from({ length: 10 }, () => enrollAgent(hub.hub, world.m1.id)));
      const base = hub.clock.now - 60 * MIN;
      // Two pushes in flight (their bodies on the way) fill the queue.
      const bodies = agents.slice(0, 2).map((a) => JSON.stringify({ records: minuteOfSpans(a.deviceId, base, 30) }));
      const inFlight = agents.slice(0, 2).map((a, i) => headersOnly(port, a.token, Buffer.byteLength(bodies[i]!)));
      await new Promise((r) => setTimeout(r, 200));
      const refused = await Promise.all(agents.slice(2).map((a) => a.push(minuteOfSpans(a.deviceId, base, 30))));
      for (const r of refused) {
        expect(r.statusCode).toBe(429);
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
        expect(r.json().error.code).toBe('rate_limited');
      }
      inFlight.forEach((f, i) => f.socket.write(bodies[i]!));
      for (const f of inFlight) {
        expect(await f.answer).toMatch(/^HTTP\/1\.1 200 /);
        f.socket.destroy();
      }
      const rows = await hub.hub.database.db.selectFrom('activity_spans').select(['device_id']).execute();
      expect(rows.map((r) => r.device_id).sort()).toEqual([...new Array(30).fill(agents[0]!.deviceId), ...new Array(30).fill(agents[1]!.deviceId)].sort());
      // Once the queue has room again (a place is given back when its answer's socket closes),
      // a refused agent's batch goes through.
      const agent = agents[2]!;
      const batch = minuteOfSpans(agent.deviceId, base, 30);
      await expect.poll(async () => (await agent.push(batch)).statusCode).toBe(200);
    } finally {
      await hub.close();
    }
  });
});
