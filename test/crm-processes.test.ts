// The job queue across real hub processes and a local Bitrix24 over TLS: a hub SIGKILLed while it
// holds a lease (another takes the jobs when the lease runs out), and two hubs on one PostgreSQL
// working the same queue. Each ends with the portal holding exactly what it should, counted.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crmLinkId } from '../shared/integrations.ts';
import { uuidv7 } from '../shared/uuid.ts';
import { newSecretKey } from '../server/crm/secrets.ts';
import { FakeBitrix24 } from '../server/crm/testing/fake-bitrix24.ts';
import { testCertificate } from '../server/crm/testing/tls.ts';
import { dayPlan, reportRevision } from '../server/testing/records.ts';
import { startHubProcess, type HubProcess } from './hub-process.ts';

// Fixed instants in the past: the report jobs do not depend on "today".
const T0 = Date.UTC(2026, 2, 2, 6, 0, 0);

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
});

async function portal() {
  const fake = await new FakeBitrix24({ rate: 50, burst: 500 }).start();
  cleanup.push(() => fake.stop());
  return fake;
}

function hubEnv(secretKey: string): Record<string, string> {
  return { ZVIT_SECRET_KEY: secretKey, ZVIT_WEBHOOK_ALLOW: '127.0.0.1', NODE_EXTRA_CA_CERTS: testCertificate().certFile, ZVIT_JOB_LEASE_MS: '3000' };
}

async function enroll(hub: HubProcess, email: string) {
  const code = await hub.code(email);
  const deviceId = uuidv7();
  const res = await fetch(`${hub.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceId, name: 'pc' }) });
  const { token } = (await res.json()) as { token: string };
  // A push the busy hub turns away (429, Retry-After) is sent again after the wait, as agents do.
  const push = async (records: unknown[]): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${hub.url}/api/v1/sync/push`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
      if (res.status !== 429 || attempt >= 30) return res;
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') || 1) * 1000));
    }
  };
  return { deviceId, push };
}

/** n managers in the fake and the hub, each pushing a report with two items on Bitrix24 tasks. */
async function managersReport(hub: HubProcess, fake: FakeBitrix24, n: number, prefix: string, beforePush = () => {}) {
  const tasks: number[] = [];
  for (let i = 0; i < n; i++) {
    const email = `${prefix}${i}@corp.test`;
    const crmId = fake.addUser({ EMAIL: email }).ID;
    await hub.addManager(email);
    tasks.push(fake.addTask(`Task A of ${email}`, crmId), fake.addTask(`Task B of ${email}`, crmId));
  }
  await hub.admin('POST', '/api/v1/crm/users/match');
  beforePush();
  for (let i = 0; i < n; i++) {
    const agent = await enroll(hub, `${prefix}${i}@corp.test`);
    const items = [0, 1].map((k) => ({ id: uuidv7(T0 + k + 1), title: `Item ${k}`, crm: { system: 'bitrix24', id: crmLinkId({ kind: 'task', id: String(tasks[2 * i + k]) }), url: null }, priority: 2 as const, estimateMin: 30, carriedFrom: null }));
    const report = reportRevision(agent.deviceId, T0 + 9 * 3600_000, { items: items.map((it, k) => ({ itemId: it.id, outcome: 'done' as const, comment: '', minutes: 10 + k })), kpis: [] });
    const res = await agent.push([dayPlan(agent.deviceId, T0, { items }), report]);
    expect(res.status).toBe(200);
  }
  return tasks;
}

async function waitForQueue(hub: HubProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { counts } = await hub.admin<{ counts: Record<string, number> }>('GET', '/api/v1/jobs?limit=1');
    if (counts.queued === 0 && counts.running === 0) return counts;
    if (Date.now() > deadline) throw new Error(`queue not drained: ${JSON.stringify(counts)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the job queue across hub processes', () => {
  it('a hub SIGKILLed while holding a lease: another takes the jobs after the lease runs out, and nothing arrives twice', async () => {
    const fake = await portal();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-crm-kill-'));
    const env = hubEnv(newSecretKey());
    const first = await startHubProcess(dataDir, { env });
    cleanup.push(() => first.stop());
    await first.admin('PUT', '/api/v1/crm', { kind: 'bitrix24', credentials: { auth: 'webhook', webhookUrl: fake.addWebhook(fake.addUser({ EMAIL: 'admin@portal.test' }).ID) }, options: { sendWorkday: false, pullKpis: false, tasksEveryMinutes: 0, report: { to: 'message', chatId: 'chat1' } } });
    // The portal carries out every request but answers only after 20 s: the hub is killed while
    // it waits, holding the account's lease and its jobs' leases.
    const tasks = await managersReport(first, fake, 3, 'k', () => (fake.faults.answerDelayMs = 20_000));
    const deadline = Date.now() + 20_000;
    while (fake.requests() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(fake.requests()).toBeGreaterThan(0);
    await first.kill();
    fake.faults.answerDelayMs = 0;

    const second = await startHubProcess(dataDir, { env });
    cleanup.push(() => second.stop());
    const counts = await waitForQueue(second, 60_000);
    expect(counts.dead ?? 0).toBe(0);
    expect(fake.messages.filter((m) => m.dialogId === 'chat1')).toHaveLength(3);
    for (const task of tasks) expect(fake.elapsedOf(task)).toHaveLength(1);
    expect(fake.elapsed).toHaveLength(6);
  }, 120_000);

  it('two hubs on one PostgreSQL work the same queue: every job once', async () => {
    const fake = await portal();
    const schema = `zvit_crm_two_${crypto.randomBytes(4).toString('hex')}`;
    const env = hubEnv(newSecretKey());
    const a = await startHubProcess(fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-crm-a-')), { database: 'postgres', pgSchema: schema, env });
    cleanup.push(() => a.stop());
    const b = await startHubProcess(fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-crm-b-')), { database: 'postgres', pgSchema: schema, env });
    cleanup.push(() => b.stop());
    await a.admin('PUT', '/api/v1/crm', { kind: 'bitrix24', credentials: { auth: 'webhook', webhookUrl: fake.addWebhook(fake.addUser({ EMAIL: 'admin@portal.test' }).ID) }, options: { sendWorkday: false, pullKpis: false, tasksEveryMinutes: 0, report: { to: 'message', chatId: 'chat7' } } });
    // Managers push to both hubs, as a load balancer would spread them.
    const tasksA = await managersReport(a, fake, 6, 'a');
    const tasksB = await managersReport(b, fake, 6, 'b');
    await waitForQueue(a, 60_000);
    expect(fake.messages.filter((m) => m.dialogId === 'chat7')).toHaveLength(12);
    for (const task of [...tasksA, ...tasksB]) expect(fake.elapsedOf(task)).toHaveLength(1);
    expect(fake.elapsed).toHaveLength(24);
  }, 120_000);
});
