// What the lead sees of a real agent beyond its records: its device's agent version and clock
// offset in the devices answer (from the agent's own sync loop and heartbeat, over loopback, on a
// device whose clock runs three minutes behind the hub's), and a late start on "team now", both
// from the rolled-up day (spans pushed) and from the heartbeat alone (clocked in, nothing pushed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamNow } from '../../shared/dashboard-api.ts';
import { FakeClock } from '../../shared/clock.ts';
import { defaultPolicy } from '../../shared/policy.ts';
import { localTimeToUtc } from '../../shared/time.ts';
import { Agent } from '../../main/agent/agent.ts';
import { LocalStore } from '../../main/store/local-store.ts';
import { Heartbeat } from '../../main/sync/heartbeat.ts';
import { Outbox } from '../../main/sync/outbox.ts';
import { FileSecretStore } from '../../main/sync/secret-store.ts';
import { SyncLoop } from '../../main/sync/sync-loop.ts';
import { fakeSources } from '../../test/fake-sources.ts';
import { createEnrollmentCode } from '../devices.ts';
import { seedWorld, signIn, startHub, type Person, type TestHub, type World } from '../testing/harness.ts';

const ZONE = 'Europe/Kyiv';
const VERSION = '1.4.2';
let t: TestHub;
let w: World;
let url: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
  await t.hub.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(t.hub.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const close of closers) await close();
  await t?.close();
});

/** The tray app's parts on a fake clock: tracker, store, outbox, sync loop and heartbeat, enrolled over HTTP. */
async function realAgent(person: Person, deviceTime: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-status-'));
  const clock = new FakeClock(deviceTime, ZONE);
  const store = LocalStore.open(path.join(dir, 'zvit.db'), () => clock.now());
  const { sources, idle } = fakeSources(() => clock.now());
  const agent = new Agent({ store, clock, sources, policy: defaultPolicy() });
  const sync = new SyncLoop({ store, outbox: new Outbox(store), clock, secrets: new FileSecretStore(path.join(dir, 'device-token')), settleMs: 60_000, agentVersion: VERSION, log: () => {} });
  const heartbeat = new Heartbeat({ client: () => sync.client(), presence: () => agent.presence(), agentVersion: VERSION, now: () => clock.now(), clockOffsetMs: () => sync.clockOffsetMs });
  const { code } = await createEnrollmentCode(t.hub.database.db, { userId: person.id, createdBy: null });
  sync.start();
  await sync.enroll(url, code);
  closers.push(async () => {
    await heartbeat.stop();
    await sync.stop();
    await agent.stop();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    deviceId: store.deviceId,
    clock,
    agent,
    sync,
    heartbeat,
    async workUntil(at: number) {
      while (clock.now() < at) {
        clock.advance(Math.min(30_000, at - clock.now()));
        idle.input();
        await agent.tick();
      }
      agent.flush();
    },
    /** One heartbeat now, as the running app sends it. */
    async beat() {
      heartbeat.start();
      await heartbeat.stop();
    },
  };
}

describe('a late start on team now', () => {
  it('from the rolled-up day once spans are pushed, and from the heartbeat alone before any push', async () => {
    // The hub's today: Monday 2 March; the schedule starts at 09:00 in Kyiv.
    const date = '2026-03-02';
    t.clock.now = localTimeToUtc(date, '11:00', ZONE);
    const pushed = await realAgent(w.m1b, localTimeToUtc(date, '09:40', ZONE));
    await pushed.agent.clockIn();
    await pushed.workUntil(t.clock.now);
    await pushed.sync.syncNow();

    const live = await realAgent(w.m1, localTimeToUtc(date, '09:25', ZONE));
    await live.agent.clockIn();
    live.clock.advance(t.clock.now - live.clock.now());
    await live.beat();

    const onTime = await realAgent(w.m2, localTimeToUtc(date, '08:55', ZONE));
    await onTime.agent.clockIn();
    await onTime.workUntil(t.clock.now);
    await onTime.sync.syncNow();

    const admin = await signIn(t.hub, w.admin.email);
    const now = (await admin.get('/api/v1/team-now')).json() as TeamNow;
    const member = (p: Person) => now.members.find((m) => m.user.id === p.id)!;
    expect(member(w.m1b)).toMatchObject({ state: 'working', today: { date, firstActivity: localTimeToUtc(date, '09:40', ZONE), lateStartMs: 40 * 60_000 } });
    expect(member(w.m1)).toMatchObject({ state: 'working', today: { date, firstActivity: localTimeToUtc(date, '09:25', ZONE), lateStartMs: 25 * 60_000 } });
    expect(member(w.m2).today).toMatchObject({ date, lateStartMs: null });
  });
});

describe('a device as the lead sees it', () => {
  it('the agent version from its heartbeat and the clock offset its sync loop measured', async () => {
    const behind = 3 * 60_000;
    const device = await realAgent(w.m1, t.clock.now - behind);
    await device.agent.clockIn();
    await device.workUntil(device.clock.now() + 5 * 60_000);
    // Device and hub clocks stand still during a call: the measured offset is exact.
    t.clock.now += 5 * 60_000;
    await device.sync.syncNow();
    expect(device.sync.clockOffsetMs).toBe(behind);
    await device.beat();
    expect(device.heartbeat.sent).toBe(1);

    const lead1 = await signIn(t.hub, w.lead1.email);
    const devices = (await lead1.get(`/api/v1/devices?userId=${w.m1.id}`)).json().devices as { id: string; user: { id: string }; agentVersion: string | null; clockOffsetMs: number | null; lastSeenAt: number | null }[];
    expect(devices.find((d) => d.id === device.deviceId)).toMatchObject({ user: { id: w.m1.id }, agentVersion: VERSION, clockOffsetMs: behind, lastSeenAt: t.clock.now });
    // The admin's view of the organization's devices says the same.
    const admin = await signIn(t.hub, w.admin.email);
    const all = (await admin.get('/api/v1/devices')).json().devices as { id: string; agentVersion: string | null; clockOffsetMs: number | null }[];
    expect(all.find((d) => d.id === device.deviceId)).toMatchObject({ agentVersion: VERSION, clockOffsetMs: behind });
  });
});
