// The job queue on the dialect under test (SQLite here, PostgreSQL in the `postgres` project):
// enqueue in the writer's transaction, coalescing by dedupe key, group order, leases and fencing,
// backoff to dead letters, and two runners sharing one queue.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureOrg } from '../accounts.ts';
import { openDatabase, type HubDatabase } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { freshDatabase, type TestDb } from '../testing/harness.ts';
import { block, levelAt, setPace, take, waitFor, type Bucket } from './accounts.ts';
import { exponential, WEBHOOK_RETRY } from './backoff.ts';
import { claim, enqueue, retryDead, settle } from './queue.ts';
import { JobError, JobRunner, type JobHandler } from './runner.ts';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

let testDb: TestDb;
let database: HubDatabase;
let clock: { now: number };
let orgId: string;

beforeEach(async () => {
  testDb = freshDatabase();
  database = await openDatabase(testDb.options);
  await migrate(database.db, database.dialect);
  clock = { now: T0 };
  orgId = await ensureOrg(database.db, 'Org', T0);
});

afterEach(async () => {
  await database.close();
  await testDb.drop();
});

/** A sleep that moves the test clock instead of waiting. */
const sleep = async (ms: number) => {
  clock.now += ms;
  await new Promise((r) => setImmediate(r));
};

function runner(handlers: JobHandler<never, never>[], extra: Partial<ConstructorParameters<typeof JobRunner>[0]> = {}) {
  const r = new JobRunner({ db: database.db, dialect: database.dialect, now: () => clock.now, sleep, leaseMs: 60_000, ...extra });
  for (const h of handlers) r.register(h);
  r.sessions({ prefix: 'test:', open: async () => ({}) });
  return r;
}

const state = async (id: string) => database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('enqueue', () => {
  it('commits or rolls back with the transaction that caused it', async () => {
    await expect(
      database.db.transaction().execute(async (tx) => {
        await enqueue(tx, { kind: 'k', account: 'test:a', orgId, payload: { n: 1 } }, clock.now);
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    expect(await database.db.selectFrom('jobs').selectAll().execute()).toHaveLength(0);
    await database.db.transaction().execute((tx) => enqueue(tx, { kind: 'k', account: 'test:a', orgId, payload: { n: 1 } }, clock.now));
    expect(await database.db.selectFrom('jobs').selectAll().execute()).toHaveLength(1);
  });

  it('coalesces by dedupe key: the payload is replaced and a finished job runs again', async () => {
    const id = await enqueue(database.db, { kind: 'k', account: 'test:a', orgId, payload: { minutes: 30 }, dedupeKey: 'x' }, clock.now);
    const again = await enqueue(database.db, { kind: 'k', account: 'test:a', orgId, payload: { minutes: 45 }, dedupeKey: 'x' }, clock.now);
    expect(again).toBe(id);
    expect(JSON.parse((await state(id)).payload)).toEqual({ minutes: 45 });
    const [job] = await claim(database.db, database.dialect, 'test:a', 'w1', clock.now, clock.now + 1000, 10);
    expect(await settle(database.db, job!, 'w1', { kind: 'done' }, clock.now)).toBe(true);
    expect((await state(id)).state).toBe('done');
    await enqueue(database.db, { kind: 'k', account: 'test:a', orgId, payload: { minutes: 50 }, dedupeKey: 'x' }, clock.now);
    expect((await state(id)).state).toBe('queued');
  });

  it('a job enqueued again while it runs goes back to the queue when its worker finishes', async () => {
    const id = await enqueue(database.db, { kind: 'k', account: 'test:a', orgId, payload: { v: 1 }, dedupeKey: 'x' }, clock.now);
    const [job] = await claim(database.db, database.dialect, 'test:a', 'w1', clock.now, clock.now + 1000, 10);
    await enqueue(database.db, { kind: 'k', account: 'test:a', orgId, payload: { v: 2 }, dedupeKey: 'x' }, clock.now);
    expect((await state(id)).state).toBe('running');
    await settle(database.db, job!, 'w1', { kind: 'done' }, clock.now);
    const after = await state(id);
    expect(after.state).toBe('queued');
    expect(JSON.parse(after.payload)).toEqual({ v: 2 });
  });
});

describe('claim and leases', () => {
  it('never hands one job to two workers, and an expired lease is taken over', async () => {
    for (let i = 0; i < 5; i++) await enqueue(database.db, { kind: 'k', account: 'test:a', orgId, payload: { i } }, clock.now);
    const first = await claim(database.db, database.dialect, 'test:a', 'w1', clock.now, clock.now + 1000, 3);
    const second = await claim(database.db, database.dialect, 'test:a', 'w2', clock.now, clock.now + 1000, 10);
    expect(first).toHaveLength(3);
    expect(second).toHaveLength(2);
    expect(new Set([...first, ...second].map((j) => j.id)).size).toBe(5);
    expect(await claim(database.db, database.dialect, 'test:a', 'w3', clock.now, clock.now + 1000, 10)).toHaveLength(0);

    clock.now += 1001; // w1 died: its lease runs out
    const taken = await claim(database.db, database.dialect, 'test:a', 'w3', clock.now, clock.now + 1000, 10);
    expect(taken.map((j) => j.id).sort()).toEqual([...first, ...second].map((j) => j.id).sort());
    expect(taken.every((j) => j.attempts === 2)).toBe(true);
    // The old holder wakes up: its answer is not written.
    expect(await settle(database.db, first[0]!, 'w1', { kind: 'done' }, clock.now)).toBe(false);
    expect((await state(first[0]!.id)).state).toBe('running');
  });

  it('runs a group one job at a time, oldest first', async () => {
    const a = await enqueue(database.db, { kind: 'k', account: 'test:a', orgId, payload: 'open', groupKey: 'g' }, clock.now);
    clock.now += 1;
    const b = await enqueue(database.db, { kind: 'k', account: 'test:a', orgId, payload: 'close', groupKey: 'g' }, clock.now);
    const first = await claim(database.db, database.dialect, 'test:a', 'w1', clock.now, clock.now + 1000, 10);
    expect(first.map((j) => j.id)).toEqual([a]);
    expect(await claim(database.db, database.dialect, 'test:a', 'w1', clock.now, clock.now + 1000, 10)).toHaveLength(0);
    await settle(database.db, first[0]!, 'w1', { kind: 'done' }, clock.now);
    expect((await claim(database.db, database.dialect, 'test:a', 'w1', clock.now, clock.now + 1000, 10)).map((j) => j.id)).toEqual([b]);
  });
});

describe('runner', () => {
  it('retries with backoff up to the limit, then dead-letters with the answer; retry brings it back', async () => {
    let calls = 0;
    const flaky: JobHandler<never, never> = {
      kind: 'flaky',
      retry: exponential({ baseMs: 1000, capMs: 8000, maxAttempts: 4 }),
      run: async () => {
        calls++;
        throw new JobError('transient', 'crm_unreachable', 'The CRM did not answer.', { answer: 'HTTP 502 Bad Gateway' });
      },
    };
    const r = runner([flaky]);
    const id = await enqueue(database.db, { kind: 'flaky', account: 'test:a', orgId, payload: {} }, clock.now);
    await r.drain();
    await r.drain();
    const runAts: number[] = [];
    for (let i = 0; i < 10 && (await state(id)).state !== 'dead'; i++) {
      runAts.push((await state(id)).run_at - clock.now);
      clock.now = (await state(id)).run_at;
      await r.drain();
    }
    const dead = await state(id);
    expect(dead.state).toBe('dead');
    expect(calls).toBe(4);
    expect(dead.last_error).toBe('The CRM did not answer.');
    expect(dead.last_error_code).toBe('crm_unreachable');
    expect(dead.last_answer).toBe('HTTP 502 Bad Gateway');
    // Exponential with ±20 % jitter: about 1 s, 2 s, 4 s.
    expect(runAts).toHaveLength(3);
    runAts.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(0.8 * 1000 * 2 ** i);
      expect(d).toBeLessThanOrEqual(1.2 * 1000 * 2 ** i);
    });
    expect(await retryDead(database.db, orgId, 'all', clock.now)).toBe(1);
    expect((await state(id)).state).toBe('queued');
    expect((await state(id)).attempts).toBe(0);
    expect((await state(id)).last_error_code).toBeNull();
  });

  it('a job that throws something else is retried as the hub\'s own failure', async () => {
    const h: JobHandler<never, never> = {
      kind: 'k',
      retry: exponential({ baseMs: 1000, capMs: 1000, maxAttempts: 5 }),
      run: async () => {
        throw new TypeError('x is undefined');
      },
    };
    const id = await enqueue(database.db, { kind: 'k', account: 'test:a', orgId, payload: {} }, clock.now);
    await runner([h]).drain();
    expect(await state(id)).toMatchObject({ state: 'queued', last_error: 'The hub failed running this job: x is undefined', last_error_code: 'job_crashed' });
  });

  it('sends a permanent refusal to the dead letters at once and keeps the others flowing', async () => {
    const h: JobHandler<never, never> = {
      kind: 'k',
      retry: exponential({ baseMs: 1000, capMs: 1000, maxAttempts: 5 }),
      run: async ({ payload }) => {
        if ((payload as { bad: boolean }).bad) throw new JobError('permanent', 'crm_rejected', 'The CRM does not know this user.', { answer: '{"error":"NOT_FOUND"}' });
        return 'ok';
      },
    };
    const r = runner([h]);
    const bad = await enqueue(database.db, { kind: 'k', account: 'test:a', orgId, payload: { bad: true } }, clock.now);
    const good = await enqueue(database.db, { kind: 'k', account: 'test:a', orgId, payload: { bad: false } }, clock.now);
    await r.drain();
    expect((await state(bad)).state).toBe('dead');
    expect((await state(bad)).attempts).toBe(1);
    expect((await state(good)).state).toBe('done');
  });

  it('a deferral does not use up an attempt', async () => {
    let n = 0;
    const h: JobHandler<never, never> = {
      kind: 'k',
      retry: exponential({ baseMs: 1000, capMs: 1000, maxAttempts: 1 }),
      run: async () => {
        if (n++ < 3) throw new JobError('deferred', 'crm_rate_limited', 'Rate-limited.', { retryAfterMs: 5000 });
      },
    };
    const r = runner([h]);
    const id = await enqueue(database.db, { kind: 'k', account: 'test:a', orgId, payload: {} }, clock.now);
    for (let i = 0; i < 4; i++) {
      clock.now = (await state(id)).run_at;
      await r.drain();
    }
    expect((await state(id)).state).toBe('done');
  });

  it('two runners on one database run every job exactly once', async () => {
    const seen: number[] = [];
    const h: JobHandler<never, never> = {
      kind: 'count',
      retry: exponential({ baseMs: 1000, capMs: 1000, maxAttempts: 3 }),
      run: async ({ payload }) => {
        await new Promise((r) => setTimeout(r, 1));
        seen.push((payload as { i: number }).i);
      },
    };
    for (let i = 0; i < 300; i++) await enqueue(database.db, { kind: 'count', account: `test:${i % 7}`, orgId, payload: { i } }, clock.now);
    const realNow = () => clock.now;
    const one = runner([h], { now: realNow, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), claimLimit: 10 });
    const two = runner([h], { now: realNow, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), claimLimit: 10 });
    await Promise.all([one.drain(), two.drain()]);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(300).keys()]);
    const states = await database.db.selectFrom('jobs').select('state').execute();
    expect(states.map((s) => s.state).filter((s) => s !== "done")).toEqual([]);
  });
});

describe('pacing', () => {
  it('a leaky bucket: a burst goes at once, then the drain rate', () => {
    let b: Bucket = { rate: 2, burst: 50, level: 0, levelAt: T0, blockedUntil: 0 };
    for (let i = 0; i < 50; i++) {
      expect(waitFor(b, T0)).toBe(0);
      b = take(b, T0);
    }
    expect(waitFor(b, T0)).toBe(500);
    expect(levelAt(b, T0 + 1000)).toBe(48);
    b = block(b, T0, T0 + 10_000);
    expect(waitFor(b, T0 + 1)).toBeGreaterThanOrEqual(9_999);
    expect(waitFor({ rate: null, burst: null, level: 0, levelAt: 0, blockedUntil: 0 }, T0)).toBe(0);
  });

  it('paces one account\'s requests across its jobs at the stored rate', async () => {
    await setPace(database.db, 'test:p', { rate: 2, burst: 5 }, clock.now);
    const started = clock.now;
    const h: JobHandler<never, { pacer: { acquire(): Promise<void> } }> = {
      kind: 'req',
      retry: exponential({ baseMs: 1000, capMs: 1000, maxAttempts: 3 }),
      run: async ({ session }) => {
        for (let i = 0; i < 3; i++) await session.pacer.acquire();
      },
    };
    const r = new JobRunner({ db: database.db, dialect: database.dialect, now: () => clock.now, sleep, leaseMs: 60_000 });
    r.register(h as JobHandler<never, never>);
    r.sessions({ prefix: 'test:', open: async (_account, pacer) => ({ pacer }) });
    for (let i = 0; i < 5; i++) await enqueue(database.db, { kind: 'req', account: 'test:p', orgId, payload: {} }, clock.now);
    await r.drain();
    // 15 requests: 5 at once, then 10 at 2 per second.
    expect(clock.now - started).toBeGreaterThanOrEqual(5000);
    expect(clock.now - started).toBeLessThan(5600);
    const row = await database.db.selectFrom('job_accounts').selectAll().where('account', '=', 'test:p').executeTakeFirstOrThrow();
    expect(Number(row.requests)).toBe(15);
    expect(row.lease_owner).toBeNull();
  });
});

describe('webhook schedule', () => {
  it('follows the Standard Webhooks retry schedule', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((a) => WEBHOOK_RETRY.delay(a, mid))).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000]);
    expect(WEBHOOK_RETRY.maxAttempts).toBe(10);
  });
});
