// `npm run bench -- crm`: 200 managers close their day (work day open and close, 5 task times,
// the report, a KPI pull each) against the local Bitrix24 paced at 2 req/s with bursts of 50, on
// SQLite and on PostgreSQL; then the queue's own cost per job with no remote system at all.
//
// At 2 req/s a real drain takes minutes, so the portal and the hub share a clock that runs
// ZVIT_BENCH_CRM_SCALE times faster than the wall (default 20): the portal still refuses above 50
// and drains 2 per second of *its* time. Printed: wall time, portal time, requests per manager.
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { crmLinkId } from '../shared/integrations.ts';
import { uuidv7 } from '../shared/uuid.ts';
import { createHub, type Hub } from '../server/app.ts';
import { createUser, ensureOrg, ensureTeam } from '../server/accounts.ts';
import { saveConnector } from '../server/crm/connectors.ts';
import { newSecretKey } from '../server/crm/secrets.ts';
import { FakeBitrix24 } from '../server/crm/testing/fake-bitrix24.ts';
import { testCertificate } from '../server/crm/testing/tls.ts';
import { setLink } from '../server/crm/users.ts';
import { createEnrollmentCode } from '../server/devices.ts';
import { enqueue } from '../server/jobs/queue.ts';
import { JobRunner } from '../server/jobs/runner.ts';
import { freshDatabase } from '../server/testing/harness.ts';
import { dayPlan, reportRevision, workEvent } from '../server/testing/records.ts';
import { openDatabase } from '../server/db/connect.ts';
import { migrate } from '../server/db/migrate.ts';
import os from 'node:os';

const MANAGERS = Number(process.env.ZVIT_BENCH_CRM_MANAGERS ?? 200);
const SCALE = Number(process.env.ZVIT_BENCH_CRM_SCALE ?? 20);
const PG_URL = process.env.ZVIT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DAY = Date.UTC(2026, 2, 2, 6, 0, 0); // 08:00 Kyiv

/** A clock that starts at `start` and runs SCALE times faster than performance.now(). */
function scaledClock(start: number) {
  const t0 = performance.now();
  let offset = 0;
  return {
    now: () => Math.round(start + offset + (performance.now() - t0) * SCALE),
    jump: (ms: number) => (offset += ms),
    sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms / SCALE)),
  };
}

export interface CrmBench {
  dialect: string;
  managers: number;
  jobs: number;
  wallMs: number;
  portalMs: number;
  requests: number;
  calls: number;
  limited: number;
  perManager: number;
  /** Morning (clock-in, the task pull) and evening together. */
  dayRequests: number;
  dead: number;
}

async function dayClose(dialect: 'sqlite' | 'postgres', busyPortal = false): Promise<CrmBench> {
  const test = freshDatabase();
  const clock = scaledClock(DAY);
  const fake = await new FakeBitrix24({ now: clock.now, rate: 2, burst: 50 }).start();
  let hub: Hub | null = null;
  try {
    hub = await createHub({
      ...(dialect === 'postgres' ? { dataDir: test.options.dataDir, databaseUrl: PG_URL, pgSchema: `zvit_bench_crm_${randomBytes(4).toString('hex')}` } : { dataDir: test.options.dataDir }),
      now: clock.now,
      secretKey: newSecretKey(),
      webhookAllow: '127.0.0.1',
      outboundCa: testCertificate().cert,
      jobs: { autostart: false, sleep: clock.sleep, leaseMs: 600_000 },
      limits: { syncPerMinute: 1_000_000, authPerMinute: 1_000_000 },
    });
    const db = hub.database.db;
    const orgId = await ensureOrg(db, 'Bench');
    const teamId = await ensureTeam(db, orgId, 'Sales');
    const admin = fake.addUser({ EMAIL: 'admin@portal.test' });
    await saveConnector(db, hub.integrations.box, orgId, { kind: 'bitrix24', credentials: { auth: 'webhook', webhookUrl: fake.addWebhook(admin.ID) }, options: { tasksEveryMinutes: 0, report: { to: 'message', chatId: 'chat1' } } as never }, clock.now(), 'http://hub');
    const agents: { deviceId: string; auth: string; tasks: number[] }[] = [];
    for (let i = 0; i < MANAGERS; i++) {
      const email = `m${i}@bench.test`;
      const user = await createUser(db, { orgId, email, role: 'manager', teamId });
      const crm = fake.addUser({ EMAIL: email });
      await setLink(db, orgId, user.id, { crmUserId: crm.ID, source: 'email' }, clock.now());
      for (let c = 0; c < 6; c++) fake.calls.push({ PORTAL_USER_ID: crm.ID, CALL_TYPE: 1 + (c % 2), CALL_DURATION: 40 * c, CALL_START_DATE: `2026-03-02T1${c}:00:00+02:00`, CALL_FAILED_CODE: '200' });
      const { code } = await createEnrollmentCode(db, { userId: user.id, createdBy: null });
      const deviceId = uuidv7();
      const res = await hub.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, deviceId, name: 'pc' } });
      agents.push({ deviceId, auth: `Bearer ${(res.json() as { token: string }).token}`, tasks: Array.from({ length: 5 }, (_, k) => fake.addTask(`Task ${k}`, crm.ID)) });
    }
    const push = async (a: (typeof agents)[number], records: unknown[]) => {
      const res = await hub!.app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: a.auth }, payload: { records } });
      if (res.statusCode !== 200 || (res.json() as { results: { status: string }[] }).results.some((r) => r.status !== 'stored')) throw new Error(`push: ${res.body}`);
    };
    const runner = hub.integrations.runner!;
    const atStart = fake.requests();
    // Morning: every manager clocks in (live) with a plan of five Bitrix24 tasks.
    for (const a of agents) {
      const items = a.tasks.map((t, k) => ({ id: uuidv7(), title: `Task ${k}`, crm: { system: 'bitrix24', id: crmLinkId({ kind: 'task', id: String(t) }), url: null }, priority: 2 as const, estimateMin: 30, carriedFrom: null }));
      await push(a, [workEvent(a.deviceId, clock.now(), 'clock_in'), dayPlan(a.deviceId, clock.now(), { items })]);
      (a as { items?: typeof items }).items = items;
    }
    await runner.drain(3600_000);
    // Evening: the day close of all 200 at once.
    clock.jump(DAY + 9 * 3600_000 - clock.now());
    for (const a of agents) {
      const items = (a as unknown as { items: { id: string }[] }).items;
      await push(a, [reportRevision(a.deviceId, clock.now(), { items: items.map((it, k) => ({ itemId: it.id, outcome: 'done' as const, comment: '', minutes: 20 + k })), kpis: [] }), workEvent(a.deviceId, clock.now(), 'clock_out')]);
    }
    const jobs = Number((await db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'queued').executeTakeFirstOrThrow()).n);
    const before = { requests: fake.requests(), calls: [...fake.methodCalls.values()].reduce((s, n) => s + n, 0), limited: fake.limited };
    if (busyPortal) fake.fillBucket();
    const wall0 = performance.now();
    const portal0 = clock.now();
    await runner.drain(3600_000);
    const wallMs = performance.now() - wall0;
    const portalMs = clock.now() - portal0;
    const dead = Number((await db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'dead').executeTakeFirstOrThrow()).n);
    const requests = fake.requests() - before.requests;
    if (fake.elapsed.length !== MANAGERS * 5 || fake.messages.length !== MANAGERS) throw new Error(`the portal holds ${fake.elapsed.length} elapsed items and ${fake.messages.length} messages`);
    return { dialect, managers: MANAGERS, jobs, wallMs, portalMs, requests, calls: [...fake.methodCalls.values()].reduce((s, n) => s + n, 0) - before.calls, limited: fake.limited - before.limited, perManager: requests / MANAGERS, dayRequests: fake.requests() - atStart, dead };
  } finally {
    await hub?.close();
    await fake.stop();
    await test.drop();
  }
}

/** The queue alone: enqueue, claim, run a handler that does nothing, settle. */
async function overhead(dialect: 'sqlite' | 'postgres', n = 2000): Promise<{ dialect: string; jobs: number; enqueueUs: number; runUs: number }> {
  const test = freshDatabase();
  const database = await openDatabase(dialect === 'postgres' ? { dataDir: test.options.dataDir, databaseUrl: PG_URL, pgSchema: `zvit_bench_q_${randomBytes(4).toString('hex')}` } : { dataDir: test.options.dataDir });
  try {
    await migrate(database.db, database.dialect);
    const orgId = await ensureOrg(database.db, 'Q');
    const runner = new JobRunner({ db: database.db, dialect: database.dialect, now: Date.now, claimLimit: 250 });
    runner.register({ kind: 'noop', retry: { maxAttempts: 1, delay: () => 0 }, run: async () => undefined });
    runner.sessions({ prefix: 'local:', open: async () => ({}) });
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await enqueue(database.db, { kind: 'noop', account: `local:${i % 4}`, orgId, payload: { i } }, Date.now());
    const t1 = performance.now();
    await runner.drain();
    const t2 = performance.now();
    return { dialect, jobs: n, enqueueUs: ((t1 - t0) / n) * 1000, runUs: ((t2 - t1) / n) * 1000 };
  } finally {
    await database.close();
    await test.drop();
  }
}

export async function benchCrm(): Promise<void> {
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; portal clock ×${SCALE}`);
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const r = await dayClose(dialect);
    console.log(
      `crm day close, ${r.dialect}: ${r.managers} managers, ${r.jobs} jobs, ${r.calls} Bitrix24 calls in ${r.requests} requests = ${r.perManager.toFixed(2)} requests per manager-day; ` +
        `drained in ${(r.portalMs / 1000).toFixed(1)} s of portal time (${(r.wallMs / 1000).toFixed(1)} s wall at ×${SCALE}); 503s: ${r.limited}; dead letters: ${r.dead}; ` +
        `whole day with the morning's clock-ins and task pull: ${r.dayRequests} requests = ${(r.dayRequests / r.managers).toFixed(2)} per manager-day`,
    );
  }
  {
    // The portal's other apps have just spent its burst: the hub meets 503 QUERY_LIMIT_EXCEEDED
    // and drains at the portal's 2 requests a second.
    const r = await dayClose('sqlite', true);
    console.log(`crm day close, sqlite, the portal's bucket full at the start: ${r.requests} requests (${r.limited} answered 503) drained in ${(r.portalMs / 1000).toFixed(1)} s of portal time (${(r.wallMs / 1000).toFixed(1)} s wall at ×${SCALE}); dead letters: ${r.dead}`);
  }
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const q = await overhead(dialect);
    console.log(`queue overhead, ${q.dialect}: ${q.jobs} no-op jobs: enqueue ${q.enqueueUs.toFixed(0)} µs/job, claim+run+settle ${q.runUs.toFixed(0)} µs/job`);
  }
  console.log(`load average after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

if (import.meta.main) await benchCrm();
