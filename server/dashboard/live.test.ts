// The live path over real HTTP: heartbeats and pushes reach the dashboard's event stream (only
// the events the caller may see), and a review reaches the agent's stream as `change`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamNow } from '../../shared/dashboard-api.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { enrollAgent, seedWorld, signIn, startHub, type Agent, type TestHub, type World } from '../testing/harness.ts';
import { readEvents, type SseReader } from '../testing/sse.ts';
import { reportRevision, span, workEvent } from '../testing/records.ts';
import { agentDevice } from '../testing/agent-device.ts';
import type { SyncRecordOf } from '../../shared/sync.ts';

let t: TestHub;
let w: World;
let base: string;
let agent: Agent;
const readers: SseReader[] = [];

async function dashboardStream(email: string): Promise<SseReader> {
  const browser = await signIn(t.hub, email);
  const reader = await readEvents(`${base}/api/v1/events`, { cookie: `${SESSION_COOKIE}=${browser.cookie}` });
  readers.push(reader);
  await reader.next((e) => e.event === 'hello');
  return reader;
}

beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
  base = await t.hub.app.listen({ host: '127.0.0.1', port: 0 });
  agent = await enrollAgent(t.hub, w.m1.id);
});
afterAll(async () => {
  for (const r of readers) r.close();
  await t.close();
});

const heartbeat = (state: 'working' | 'break' | 'clocked_out', since: number) =>
  t.hub.app.inject({
    method: 'POST',
    url: '/api/v1/sync/heartbeat',
    headers: { authorization: `Bearer ${agent.token}` },
    payload: { state, since, zone: 'Europe/Kyiv', agentVersion: '1.2.3', at: t.clock.now, current: { category: 'crm', productivity: 'productive' } },
  });

describe('the dashboard\'s event stream', () => {
  it('tells the lead of the team, not another team\'s lead, of a heartbeat and a push', async () => {
    const lead1 = await dashboardStream(w.lead1.email);
    const lead2 = await dashboardStream(w.lead2.email);
    const adminB = await dashboardStream(w.adminB.email);
    const res = await heartbeat('working', t.clock.now - 60_000);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ serverTime: t.clock.now, latestChange: expect.any(String) });
    const presence = await lead1.next((e) => e.event === 'presence');
    expect(presence.data).toMatchObject({ type: 'presence', userId: w.m1.id, teamId: w.t1, state: 'working' });

    const start = t.clock.now - 30 * 60_000;
    const pushed = await agent.push([workEvent(agent.deviceId, start), span(agent.deviceId, start, start + 20 * 60_000)]);
    expect(pushed.json().latestChange).toEqual(expect.any(String));
    const day = await lead1.next((e) => e.event === 'day');
    expect(day.data).toMatchObject({ type: 'day', userId: w.m1.id, dates: ['2026-03-02'] });
    // The other lead and the other organization's admin heard nothing of it.
    const admin = await dashboardStream(w.admin.email);
    await heartbeat('working', t.clock.now - 60_000);
    await admin.next((e) => e.event === 'presence');
    expect(lead2.pending.filter((e) => e.event !== 'hello')).toEqual([]);
    expect(adminB.pending.filter((e) => e.event !== 'hello')).toEqual([]);
  });

  it('team now shows the heartbeat\'s state, the app category and the open stretch as worked', async () => {
    const lead = await signIn(t.hub, w.lead1.email);
    const now = (await lead.get('/api/v1/team-now')).json() as TeamNow;
    const m1 = now.members.find((m) => m.user.id === w.m1.id)!;
    expect(m1.state).toBe('working');
    expect(m1.current).toEqual({ category: 'crm', productivity: 'productive' });
    // 20 minutes rolled up from the records, plus the minute since the heartbeat's state began
    // (between the last record and that, the agent does not say it was working).
    expect(m1.today.workedMs).toBe(21 * 60_000);
    expect(now.counters.working).toBe(1);
  });

  it('shows a manager offline when their agent has been silent too long', async () => {
    t.clock.now += 10 * 60_000;
    const lead = await signIn(t.hub, w.lead1.email);
    const now = (await lead.get('/api/v1/team-now')).json() as TeamNow;
    expect(now.members.find((m) => m.user.id === w.m1.id)!.state).toBe('offline');
    t.clock.now -= 10 * 60_000;
  });
});

describe('a review on the dashboard\'s event stream', () => {
  it('tells the other dashboards of a return and of a bulk approval, and no other team\'s lead', async () => {
    const device = await agentDevice(t.hub, w.m1b.id);
    try {
      device.fileReport('2026-03-02', t.clock.now - 3 * 3600_000);
      device.fileReport('2026-03-03', t.clock.now - 3600_000);
      const { records } = await device.sync();
      const reportOf = (date: string) => records.find((r): r is SyncRecordOf<'report_revision'> => r.kind === 'report_revision' && r.date === date)!.reportId;
      const other = await dashboardStream(w.leadBoth.email);
      const admin = await dashboardStream(w.admin.email);
      const lead2 = await dashboardStream(w.lead2.email);
      const lead = await signIn(t.hub, w.lead1.email);

      const returned = await lead.send('POST', `/api/v1/reports/${reportOf('2026-03-02')}/review`, { status: 'returned', comment: 'Додайте дзвінки.' });
      expect(returned.statusCode).toBe(200);
      const event = await other.next((e) => e.event === 'report');
      expect(event.data).toEqual({ type: 'report', userId: w.m1b.id, teamId: w.t1, date: '2026-03-02', reportId: reportOf('2026-03-02'), state: 'returned', at: t.clock.now });
      expect((await admin.next((e) => e.event === 'report')).data).toMatchObject({ reportId: reportOf('2026-03-02'), state: 'returned' });

      const bulk = await lead.send('POST', '/api/v1/reports/approve-clean', { reportIds: [reportOf('2026-03-02'), reportOf('2026-03-03')], comment: '' });
      expect(bulk.json()).toMatchObject({ approved: [reportOf('2026-03-03')] });
      expect((await other.next((e) => e.event === 'report')).data).toMatchObject({ date: '2026-03-03', reportId: reportOf('2026-03-03'), state: 'approved' });
      // The returned one was skipped (not clean): no event for it.
      await admin.next((e) => e.event === 'report' && (e.data as { state: string }).state === 'approved');
      expect(other.pending.filter((e) => e.event === 'report')).toEqual([]);
      expect(lead2.pending.filter((e) => e.event === 'report')).toEqual([]);
    } finally {
      device.close();
    }
  });
});

describe('the agent\'s event stream', () => {
  it('says `change` when the lead reviews the user\'s report', async () => {
    const report = reportRevision(agent.deviceId, t.clock.now - 60_000);
    expect((await agent.push([report])).statusCode).toBe(200);
    const stream = await readEvents(`${base}/api/v1/sync/events`, { authorization: `Bearer ${agent.token}` });
    readers.push(stream);
    const first = (await stream.next((e) => e.event === 'change')).data as { latestChange: string };
    const lead = await signIn(t.hub, w.lead1.email);
    const reviewed = await lead.send('POST', `/api/v1/reports/${report.reportId}/review`, { status: 'returned', comment: 'Add the calls.' });
    expect(reviewed.statusCode).toBe(200);
    const next = (await stream.next((e) => e.event === 'change')).data as { latestChange: string };
    expect(Number(next.latestChange)).toBeGreaterThan(Number(first.latestChange));
    // The pull at that cursor's predecessor brings the review.
    const pulled = (await agent.pull(first.latestChange)).json() as { reviews: { reportId: string; status: string }[] };
    expect(pulled.reviews).toEqual([expect.objectContaining({ reportId: report.reportId, status: 'returned' })]);
  });

  it('refuses a stream without a device token', async () => {
    const res = await fetch(`${base}/api/v1/sync/events`);
    expect(res.status).toBe(401);
  });
});
