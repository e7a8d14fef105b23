// Agent → hub sync under faults, against a real hub process on loopback. Every test ends with
// the hub holding exactly the records the agent wrote: same count, same checksum over ids and
// contents. Nothing lost, nothing doubled.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../shared/clock.ts';
import { parsePolicy } from '../shared/policy.ts';
import { uuidv7 } from '../shared/uuid.ts';
import { Agent } from '../main/agent/agent.ts';
import { Planning } from '../main/agent/planning.ts';
import { LocalStore } from '../main/store/local-store.ts';
import { Outbox } from '../main/sync/outbox.ts';
import { FileSecretStore } from '../main/sync/secret-store.ts';
import { SyncLoop } from '../main/sync/sync-loop.ts';
import type { AgentStatus } from '../shared/api.ts';
import { exited, startAgentProcess, zvitJson } from './cli.ts';
import { fakeSources } from './fake-sources.ts';
import { FaultProxy } from './fault-proxy.ts';
import { startHubProcess, type HubProcess } from './hub-process.ts';
import { checksum } from './records-checksum.ts';
import { onFile } from './sqlite-file.ts';
import { tempDir } from './tmp.ts';
import { anchoredInstant } from './anchored-time.ts';

const dir = tempDir('zvit-sync-');
let hub: HubProcess;
let proxy: FaultProxy;
let managerId: string;
let n = 0;

const policy = (() => {
  const p = parsePolicy({ kpiTargets: { calls_total: 40 } });
  if (!p.ok) throw new Error(p.error);
  return p.policy;
})();

beforeAll(async () => {
  hub = await startHubProcess(path.join(dir, 'hub'));
  proxy = await FaultProxy.start(() => hub.port);
  managerId = await hub.addManager('olena@example.com');
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await hub?.stop();
});
afterEach(() => proxy.set({ kind: 'pass' }));

/** An agent in this process: a real store, the tracking core on a fake clock, the real sync loop. */
async function makeAgent(loopOptions: { settleMs?: number } = {}) {
  const dataDir = path.join(dir, `agent-${++n}`);
  fs.mkdirSync(dataDir, { recursive: true });
  // 09:00 some days ago in Kyiv: the eight-hour day stays inside one working day at any hour.
  // Every agent here is another computer of the same manager, so each works a day of its own:
  // a manager has one plan per day, whichever computer filed it last.
  const clock = new FakeClock(anchoredInstant('09:00', 'Europe/Kyiv', 1 + n), 'Europe/Kyiv');
  const store = LocalStore.open(path.join(dataDir, 'zvit.db'), () => clock.now());
  const fakes = fakeSources(() => clock.now());
  const agent = new Agent({ store, clock, sources: fakes.sources, policy });
  const planning = new Planning(agent, store, clock, () => policy);
  const outbox = new Outbox(store);
  const logs: string[] = [];
  const loop = new SyncLoop({
    store,
    outbox,
    clock,
    secrets: new FileSecretStore(path.join(dataDir, 'device-token')),
    settleMs: 60_000, // the tests drive sending with syncNow()
    backoffMinMs: 20,
    backoffMaxMs: 200,
    batchRecords: 200,
    log: (m) => logs.push(m),
    ...loopOptions,
  });
  loop.start();
  const apps = ['Telegram', 'Firefox', 'Thunderbird', 'MicroSIP', 'LibreOffice Calc'];
  /** A working day: plan, clock-in, window switches, a break, an idle gap kept as a call, report. */
  const workDay = async (switches = 120) => {
    await agent.clockIn();
    const items = [uuidv7(), uuidv7()].map((id, i) => ({ id, title: `Задача ${i + 1}: подзвонити клієнту`, crm: null, priority: 2 as const, estimateMin: 30, carriedFrom: null }));
    planning.savePlan({ date: planning.today(), items, commitments: { calls_total: 45 }, note: '' });
    for (let i = 0; i < switches; i++) {
      fakes.windows.show(apps[i % apps.length]!, `Угода №${i % 17} — «Ромашка»`);
      for (let s = 0; s < 60; s++) {
        clock.advance(1000);
        fakes.idle.input();
        await agent.tick();
      }
      if (i === switches / 2) {
        await agent.startBreak();
        clock.advance(15 * 60_000);
        await agent.resume();
      }
    }
    for (let s = 0; s < 400; s++) {
      clock.advance(1000);
      await agent.tick();
    }
    fakes.idle.input();
    clock.advance(1000);
    await agent.tick();
    await agent.resolveIdle('keep', 'call');
    await agent.clockOut();
    planning.submitReport({
      date: planning.today(),
      items: items.map((i) => ({ itemId: i.id, outcome: 'done' as const, comment: '', minutes: 30 })),
      unplanned: [],
      kpis: [{ key: 'calls_total', target: 40, actual: 31, reason: 'clients_unreachable', reasonText: 'не відповідали' }],
      blockers: '',
      note: '',
    });
  };
  const expectHubHasExactly = async () => {
    const local = checksum(outbox.allRecords());
    const remote = checksum((await hub.records(managerId)).filter((r) => r.deviceId === store.deviceId));
    expect(remote).toEqual(local);
    expect(loop.status().waiting).toBe(0);
    expect(outbox.deadLetters()).toEqual([]);
    return local.count;
  };
  const close = async () => {
    await loop.stop();
    store.close();
  };
  return { dataDir, clock, store, agent, planning, outbox, loop, workDay, expectHubHasExactly, close, logs };
}

describe('sync to a real hub under faults', () => {
  it('sends by itself once writes settle, retries by itself with backoff, and recovers by itself', async () => {
    const a = await makeAgent({ settleMs: 50 });
    await a.loop.enroll(proxy.url, await hub.code('olena@example.com'));
    await expect.poll(() => a.loop.status().lastSuccessAt, { timeout: 5000 }).not.toBeNull();
    proxy.set({ kind: 'down' });
    const seen = proxy.seen.length;
    await a.agent.clockIn();
    await a.agent.startBreak();
    // Nobody calls syncNow: the loop tries, fails, and tries again after growing pauses.
    await expect.poll(() => proxy.seen.length - seen, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const tries = proxy.seen.slice(seen).map((s) => s.at);
    expect(tries.at(-1)! - tries[0]!).toBeGreaterThanOrEqual(20);
    expect(a.loop.status().lastErrorCode).toBe('network');
    proxy.set({ kind: 'pass' });
    await expect.poll(() => a.loop.status().waiting, { timeout: 10_000 }).toBe(0);
    await a.expectHubHasExactly();
    await a.close();
  }, 60_000);


  it('keeps a whole day written while the hub is down, and delivers it all when it is back', async () => {
    const a = await makeAgent();
    await a.loop.enroll(proxy.url, await hub.code('olena@example.com'));
    proxy.set({ kind: 'down' });
    await a.workDay(480); // eight hours, a window switch a minute
    const down = await a.loop.syncNow();
    expect(down.lastErrorCode).toBe('network');
    expect(down.waiting).toBeGreaterThan(100);
    proxy.set({ kind: 'pass' });
    a.loop.networkChanged();
    await expect.poll(() => a.loop.status().waiting, { timeout: 15_000 }).toBe(0);
    expect(await a.expectHubHasExactly()).toBeGreaterThan(100);
    await a.close();
  }, 60_000);

  it('survives the connection cut in the middle of a request', async () => {
    const a = await makeAgent();
    await a.loop.enroll(proxy.url, await hub.code('olena@example.com'));
    await a.workDay(40);
    proxy.set({ kind: 'cut', afterBytes: 700 });
    const cut = await a.loop.syncNow();
    expect(cut.lastErrorCode).toBe('network');
    expect(cut.waiting).toBeGreaterThan(0);
    proxy.set({ kind: 'pass' });
    await a.loop.syncNow();
    await a.expectHubHasExactly();
    await a.close();
  }, 60_000);

  it('backs off on 500 and 503, honours Retry-After on 429, then delivers', async () => {
    const a = await makeAgent();
    await a.loop.enroll(proxy.url, await hub.code('olena@example.com'));
    await a.workDay(20);
    for (const status of [500, 503]) {
      proxy.set({ kind: 'status', status });
      const failed = await a.loop.syncNow();
      expect(failed.lastError).toMatch(/injected|HTTP/);
      expect(failed.nextAttemptAt).not.toBeNull();
    }
    proxy.set({ kind: 'status', status: 429, retryAfter: 7 });
    const before = Date.now();
    const limited = await a.loop.syncNow();
    expect(limited.lastErrorCode).toBe('rate_limited');
    expect(limited.nextAttemptAt! - before).toBeGreaterThanOrEqual(7000);
    proxy.set({ kind: 'pass' });
    await a.loop.syncNow();
    await a.expectHubHasExactly();
    await a.close();
  }, 60_000);

  it('stores nothing twice when the hub stored a batch but its answer was lost', async () => {
    const a = await makeAgent();
    await a.loop.enroll(proxy.url, await hub.code('olena@example.com'));
    await a.workDay(30);
    proxy.set({ kind: 'lose-response' });
    const lost = await a.loop.syncNow();
    expect(lost.lastErrorCode).toBe('network');
    // The hub has the first batch already, though the agent does not know it.
    expect((await hub.records(managerId)).filter((r) => r.deviceId === a.store.deviceId).length).toBeGreaterThan(0);
    proxy.set({ kind: 'pass' });
    await a.loop.syncNow();
    await a.expectHubHasExactly();
    await a.close();
  }, 60_000);

  it('loses and doubles nothing when the agent is SIGKILLed mid-sync', async () => {
    // Write a day offline in this process, enrolled but with the hub unreachable.
    const a = await makeAgent();
    await a.loop.enroll(proxy.url, await hub.code('olena@example.com'));
    proxy.set({ kind: 'down' });
    await a.workDay(300);
    await a.close();
    const dataDir = a.dataDir;
    proxy.set({ kind: 'pass' });

    // The real agent starts, rescans and sends at once. The hub stores the first batch, and the
    // agent is killed before the answer reaches it.
    proxy.set({ kind: 'slow-response', ms: 5000 });
    const agent = await startAgentProcess(dataDir, [], { ...process.env, DISPLAY: '' });
    await expect.poll(async () => (await hub.records(managerId)).filter((r) => r.deviceId === a.store.deviceId).length, { timeout: 10_000 }).toBeGreaterThan(0);
    agent.kill('SIGKILL');
    await exited(agent);
    proxy.set({ kind: 'pass' });
    expect(onFile(path.join(dataDir, 'zvit.db'), (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
    const killed = LocalStore.open(path.join(dataDir, 'zvit.db'));
    expect(new Outbox(killed).waiting()).toBeGreaterThan(0); // it never heard the answer
    killed.close();

    const again = await startAgentProcess(dataDir, [], { ...process.env, DISPLAY: '' });
    try {
      await expect
        .poll(async () => (await zvitJson<AgentStatus>(['status', '--data-dir', dataDir])).sync.waiting, { timeout: 20_000 })
        .toBe(0);
    } finally {
      again.kill('SIGTERM');
      await exited(again);
    }
    const reopened = LocalStore.open(path.join(dataDir, 'zvit.db'));
    const local = checksum(new Outbox(reopened).allRecords());
    reopened.close();
    const remote = checksum((await hub.records(managerId)).filter((r) => r.deviceId === a.store.deviceId));
    expect(remote).toEqual(local);
  }, 90_000);

  it('sets a record the hub refuses aside with its reason, sends the rest, and sends it again after an edit', async () => {
    const a = await makeAgent();
    await a.loop.enroll(proxy.url, await hub.code('olena@example.com'));
    await a.workDay(10);
    // A title longer than the hub accepts (as a buggy build might write one).
    const victim = onFile(a.store.file, (db) => (db.prepare("SELECT w.id FROM spans s JOIN windows w ON w.id = s.window WHERE w.app = 'Firefox' LIMIT 1").get() as { id: number }).id);
    const retitle = (title: string) => onFile(a.store.file, (db) => db.prepare('UPDATE windows SET title = ? WHERE id = ?').run(title, victim));
    retitle('Угода '.repeat(400));
    const synced = await a.loop.syncNow();
    expect(synced.waiting).toBe(0);
    expect(synced.refused).toBeGreaterThan(0);
    const refused = a.outbox.deadLetters();
    expect(refused.every((r) => r.kind === 'activity_span' && r.code === 'invalid_record')).toBe(true);
    expect(refused[0]!.message).toMatch(/title/);
    const stored = (await hub.records(managerId)).filter((r) => r.deviceId === a.store.deviceId);
    expect(stored.length).toBe(checksum(a.outbox.allRecords()).count - refused.length);

    retitle('Угода — виправлено');
    for (const r of refused) expect(a.outbox.retry(r.id)).toBe(true);
    await a.loop.syncNow();
    await a.expectHubHasExactly();
    await a.close();
  }, 60_000);

  it('tells a wrong address, an unreachable hub, a used-up code and a revoked device apart', async () => {
    const a = await makeAgent();
    const closed = await FaultProxy.start(() => hub.port);
    await closed.close(); // a port where nothing listens
    await expect(a.loop.enroll(closed.url, 'X')).rejects.toThrow(/Could not reach the hub .*connection refused/);
    await expect(a.loop.enroll('not a url at all', 'X')).rejects.toThrow(/not a web address/);
    const notHub = await FaultProxy.start(() => hub.port);
    notHub.set({ kind: 'status', status: 404 });
    await expect(a.loop.enroll(notHub.url, 'X')).rejects.toThrow(/injected 404|does not answer as a Zvit hub/);
    await notHub.close();
    await expect(a.loop.enroll(hub.url, 'NOPE-NOPE-NOPE')).rejects.toMatchObject({ code: 'code_invalid' });
    const code = await hub.code('olena@example.com', { uses: 1 });
    await a.loop.enroll(hub.url, code);
    const b = await makeAgent();
    await expect(b.loop.enroll(hub.url, code)).rejects.toMatchObject({ code: 'code_used_up' });
    await b.close();

    await hub.revoke(a.store.deviceId);
    await a.agent.clockIn();
    const revoked = await a.loop.syncNow();
    expect(revoked.lastErrorCode).toBe('device_revoked');
    expect(revoked.lastError).toMatch(/Enroll this device again/);
    expect(revoked.nextAttemptAt).toBeNull(); // no retrying by itself
    expect(revoked.waiting).toBeGreaterThan(0); // and nothing dropped
    await a.close();
  }, 60_000);
});
