// The reports inbox, reviews reaching the agent, bulk approval of clean reports, and KPIs: targets,
// progress, misses, the leaderboard and a manager's standing (in the route and in the pull).
// Reports go in through the agent's own push.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayBounds } from '../../shared/time.ts';
import { enrollAgent, seedWorld, signIn, startHub, type Agent, type Browser, type TestHub, type World } from '../testing/harness.ts';
import { reportRevision } from '../testing/records.ts';

let t: TestHub;
let w: World;
let lead1: Browser;
let m1: Agent;
let m1b: Agent;
const ids: Record<string, string> = {};
const KYIV = 'Europe/Kyiv';
// The hub's clock: Monday 2026-03-02 14:00 in Kyiv. Thursday and Friday of the week before are past days.
const endOf = (date: string) => dayBounds(date, KYIV).to;

beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
  lead1 = await signIn(t.hub, w.lead1.email);
  expect((await lead1.send('PUT', `/api/v1/teams/${w.t1}/kpis`, { definitions: [], targets: [{ key: 'calls_total', period: 'day', value: 40 }] })).statusCode).toBe(200);
  m1 = await enrollAgent(t.hub, w.m1.id);
  m1b = await enrollAgent(t.hub, w.m1b.id);
  const file = async (agent: Agent, name: string, date: string, at: number, kpis: { key: string; target: number | null; actual: number; reason: string | null; reasonText: string }[]) => {
    const record = reportRevision(agent.deviceId, at, { date, kpis: kpis as never });
    ids[name] = record.reportId;
    const res = await agent.push([record]);
    expect(res.json().results[0].status).toBe('stored');
  };
  await file(m1, 'm1-26', '2026-02-26', endOf('2026-02-26') - 3 * 3600_000, [{ key: 'calls_total', target: 40, actual: 42, reason: null, reasonText: '' }]);
  await file(m1b, 'm1b-26', '2026-02-26', endOf('2026-02-26') + 3600_000, [{ key: 'calls_total', target: 40, actual: 45, reason: null, reasonText: '' }]);
  await file(m1b, 'm1b-27', '2026-02-27', endOf('2026-02-27') - 3 * 3600_000, [{ key: 'calls_total', target: 40, actual: 30, reason: 'few_leads', reasonText: 'Мало заявок' }]);
});
afterAll(async () => t?.close());

const inbox = async (query = '') => (await lead1.get(`/api/v1/inbox?teamId=${w.t1}&from=2026-02-26&to=2026-02-27${query}`)).json();

describe('reports inbox', () => {
  it('shows each day and manager: submitted, late, missing by the schedule', async () => {
    const res = await inbox();
    expect(res.counts).toEqual({ submitted: 3, late: 1, missing: 1, returned: 0, approved: 0, resubmitted: 0 });
    expect(res.rows.map((r: { date: string; user: { email: string }; report: { state: string; late: boolean } }) => [r.date, r.user.email, r.report.state, r.report.late])).toEqual([
      ['2026-02-27', 'm1@a.test', 'missing', false],
      ['2026-02-27', 'm1b@a.test', 'submitted', false],
      ['2026-02-26', 'm1@a.test', 'submitted', false],
      ['2026-02-26', 'm1b@a.test', 'submitted', true],
    ]);
    const missed = res.rows.find((r: { report: { reportId: string } }) => r.report.reportId === ids['m1b-27']);
    expect(missed).toMatchObject({ kpis: { total: 1, hit: 0, missed: 1 }, clean: false, returnedBefore: false, revision: 1 });
    expect((await inbox('&filter=missing')).rows).toHaveLength(1);
    const lead2 = await signIn(t.hub, w.lead2.email);
    expect((await lead2.get(`/api/v1/inbox?teamId=${w.t1}&from=2026-02-26&to=2026-02-27`)).statusCode).toBe(404);
    expect((await lead1.get(`/api/v1/inbox?from=2026-02-27&to=2026-02-26`)).statusCode).toBe(400);
  });

  it('a return needs a comment, reaches the agent\'s pull, and moves the push answer\'s latestChange', async () => {
    const first = await m1b.pull();
    const cursor = first.json().cursor as string;
    expect((await m1b.push([])).json().latestChange).toBe(cursor);
    const url = `/api/v1/reports/${ids['m1b-27']}/review`;
    expect((await lead1.send('POST', url, { status: 'returned' })).statusCode).toBe(400);
    const self = await signIn(t.hub, w.m1b.email);
    expect((await self.send('POST', url, { status: 'approved' })).statusCode).toBe(403);
    expect((await (await signIn(t.hub, w.lead2.email)).send('POST', url, { status: 'approved' })).statusCode).toBe(404);
    const res = await lead1.send('POST', url, { status: 'returned', comment: 'Додай, чому мало дзвінків' });
    expect(res.statusCode).toBe(200);
    expect(res.json().review).toMatchObject({ status: 'returned', comment: 'Додай, чому мало дзвінків', rating: null, revision: 1, reviewer: { id: w.lead1.id }, at: t.clock.now });
    const latest = (await m1b.push([])).json().latestChange as string;
    expect(Number(latest)).toBeGreaterThan(Number(cursor));
    const pulled = (await m1b.pull(cursor)).json();
    expect(pulled.reviews).toEqual([{ reportId: ids['m1b-27'], date: '2026-02-27', status: 'returned', comment: 'Додай, чому мало дзвінків', reviewedAt: t.clock.now }]);
    expect((await inbox()).counts).toMatchObject({ submitted: 2, returned: 1 });
  });

  it('approves the clean ones in bulk and says why it skipped the others', async () => {
    const res = await lead1.send('POST', '/api/v1/reports/approve-clean', { reportIds: [ids['m1-26'], ids['m1b-26'], ids['m1b-27'], '0190a0a0-0000-7000-8000-00000000dead'] });
    expect(res.json()).toEqual({
      approved: [ids['m1-26'], ids['m1b-26']],
      skipped: [{ reportId: ids['m1b-27'], reason: 'not_clean' }, { reportId: '0190a0a0-0000-7000-8000-00000000dead', reason: 'not_found' }],
    });
    const again = await lead1.send('POST', '/api/v1/reports/approve-clean', { reportIds: [ids['m1-26']] });
    expect(again.json().skipped).toEqual([{ reportId: ids['m1-26'], reason: 'already_approved' }]);
  });

  it('a report filed again after a return waits for review, then is approved with a rating', async () => {
    t.clock.now += 60_000;
    const again = reportRevision(m1b.deviceId, t.clock.now, { reportId: ids['m1b-27']!, date: '2026-02-27', revision: 2, kpis: [{ key: 'calls_total', target: 40, actual: 30, reason: 'few_leads', reasonText: 'Мало заявок: 3 ліди за день' }] as never });
    expect((await m1b.push([again])).json().results[0].status).toBe('stored');
    const row = (await inbox('&filter=to_review')).rows[0];
    expect(row).toMatchObject({ report: { reportId: ids['m1b-27'], state: 'submitted', resubmitted: true }, returnedBefore: true, clean: false, revision: 2 });
    const ok = await lead1.send('POST', `/api/v1/reports/${ids['m1b-27']}/review`, { status: 'approved', comment: 'Дякую', rating: 4 });
    expect(ok.json().review).toMatchObject({ status: 'approved', rating: 4, revision: 2 });
    expect((await inbox()).counts).toEqual({ submitted: 0, late: 1, missing: 1, returned: 0, approved: 3, resubmitted: 0 });
    expect((await lead1.send('POST', `/api/v1/reports/${ids['m1b-27']}/review`, { status: 'returned', comment: 'ще раз' })).statusCode).toBe(409);
  });
});

describe('KPIs', () => {
  it('the team\'s own KPIs with names in three languages, team targets and a manager\'s own', async () => {
    const own = { key: 'demos', names: { uk: 'Демо', ru: 'Демо', en: 'Demos' }, unit: 'count', direction: 'higher', period: 'month' };
    const put = await lead1.send('PUT', `/api/v1/teams/${w.t1}/kpis`, { definitions: [own], targets: [{ key: 'calls_total', period: 'day', value: 40 }, { key: 'demos', period: 'month', value: 20 }] });
    expect(put.statusCode).toBe(200);
    expect((await lead1.send('PUT', `/api/v1/teams/${w.t1}/kpis`, { definitions: [], targets: [{ key: 'nope', period: 'day', value: 1 }] })).statusCode).toBe(400);
    expect((await lead1.send('PUT', `/api/v1/users/${w.m1.id}/targets`, { targets: [{ key: 'demos', period: 'month', value: 10 }] })).statusCode).toBe(200);
    const kpis = (await lead1.get(`/api/v1/teams/${w.t1}/kpis`)).json();
    expect(kpis.own).toEqual([own]);
    expect(kpis.kpis[0]).toEqual(own);
    expect(kpis.members.find((m: { user: { id: string } }) => m.user.id === w.m1.id).targets).toEqual([{ key: 'demos', period: 'month', value: 10 }]);
    expect(kpis.members.find((m: { user: { id: string } }) => m.user.id === w.m1b.id).targets).toBeNull();
    // The agent hears of it.
    const pulled = (await m1.pull()).json();
    expect(pulled.targets).toEqual(expect.arrayContaining([{ key: 'demos', period: 'month', value: 10 }, { key: 'calls_total', period: 'day', value: 40 }]));
  });

  it('progress over a past week: fact, target, remaining, attainment', async () => {
    const res = (await lead1.get(`/api/v1/kpis/progress?teamId=${w.t1}&period=week&date=2026-02-26`)).json();
    expect(res.period).toEqual({ kind: 'week', from: '2026-02-23', to: '2026-03-01', workdays: 5, workdaysElapsed: 5, workdaysLeft: 0, asOf: '2026-03-01' });
    const m1b = res.users.find((u: { user: { id: string } }) => u.user.id === w.m1b.id).rows.find((r: { key: string }) => r.key === 'calls_total');
    expect(m1b).toMatchObject({ fact: 75, target: 200, remaining: 125, requiredPace: null, attainment: 0.375, status: 'behind' });
    // demos: 20 a month for the team, 10 for m1; a week of February's 20 working days is a quarter.
    const m1Demos = res.users.find((u: { user: { id: string } }) => u.user.id === w.m1.id).rows.find((r: { key: string }) => r.key === 'demos');
    expect(m1Demos).toMatchObject({ fact: 0, target: 2.5 });
    expect(res.total.find((r: { key: string }) => r.key === 'calls_total')).toMatchObject({ fact: 117, target: 400 });
  });

  it('the current month: the pace still needed per working day', async () => {
    const m1self = await signIn(t.hub, w.m1.email);
    const res = (await m1self.get('/api/v1/kpis/progress?period=month')).json();
    expect(res.period).toMatchObject({ from: '2026-03-01', to: '2026-03-31', workdays: 22, workdaysElapsed: 0, workdaysLeft: 22, asOf: '2026-03-02' });
    expect(res.users.map((u: { user: { id: string } }) => u.user.id)).toEqual([w.m1.id]);
    const calls = res.users[0].rows.find((r: { key: string }) => r.key === 'calls_total');
    expect(calls).toMatchObject({ fact: 0, target: 880, remaining: 880, requiredPace: 40, status: 'on_track' });
  });

  it('misses grouped by reason, KPI and week', async () => {
    const res = (await lead1.get(`/api/v1/kpis/misses?teamId=${w.t1}&from=2026-02-01&to=2026-02-28`)).json();
    expect(res.total).toBe(1);
    expect(res.byReason).toEqual([{ reason: 'few_leads', count: 1 }]);
    expect(res.byKpi).toEqual([{ key: 'calls_total', count: 1, byReason: { few_leads: 1 } }]);
    expect(res.overTime).toEqual([{ bucket: '2026-02-23', byReason: { few_leads: 1 } }]);
    expect(res.items[0]).toMatchObject({ user: { id: w.m1b.id }, date: '2026-02-27', key: 'calls_total', target: 40, actual: 30, reason: 'few_leads', reasonText: 'Мало заявок: 3 ліди за день' });
  });

  it('the leaderboard: ranks, bands, average, best, worst, gap to the leader and the work left', async () => {
    const res = (await lead1.get(`/api/v1/leaderboard?teamId=${w.t1}&period=week&date=2026-02-26&kpi=calls_total`)).json();
    expect(res.stats).toEqual({ count: 2, average: (0.375 + 0.21) / 2, median: (0.375 + 0.21) / 2, best: 0.375, worst: 0.21 });
    expect(res.rows.map((r: { rank: number; user: { id: string }; band: string; gapToLeader: number }) => [r.rank, r.user.id, r.band, r.gapToLeader])).toEqual([
      [1, w.m1b.id, 'top10', 0],
      [2, w.m1.id, 'bottom50', 0.375 - 0.21],
    ]);
    expect(res.rows[1]).toMatchObject({ fact: 42, target: 200, workLeft: [{ key: 'calls_total', remaining: 158, requiredPace: null }] });
    expect(res.named).toBe(false);
    const manager = await signIn(t.hub, w.m1.email);
    expect((await manager.get(`/api/v1/leaderboard?teamId=${w.t1}`)).statusCode).toBe(403);
  });

  it('a manager\'s standing: anonymous until the lead publishes the named board; also in the pull', async () => {
    const manager = await signIn(t.hub, w.m1.email);
    const standing = (await manager.get(`/api/v1/users/${w.m1.id}/standing?period=week&date=2026-02-26`)).json();
    expect(standing).toMatchObject({ kpi: 'all', count: 2, band: 'bottom50', board: null });
    expect(standing.team.best).toBeGreaterThan(standing.score);
    expect(standing.gaps.top10).toBeCloseTo(standing.team.best - standing.score, 10);
    expect(standing.workLeft.find((x: { key: string }) => x.key === 'calls_total')).toMatchObject({ names: { uk: 'Дзвінки, усього' }, unit: 'count' });
    expect((await manager.get(`/api/v1/users/${w.m1b.id}/standing`)).statusCode).toBe(404);

    const before = (await m1.pull()).json();
    expect(before.standing).toMatchObject({ kpi: 'all', period: { kind: 'month', from: '2026-03-01' }, board: null });
    const published = await lead1.send('PUT', `/api/v1/teams/${w.t1}/leaderboard`, { named: true });
    expect(published.json().team.leaderboardNamed).toBe(true);
    const after = (await m1.pull(before.cursor)).json();
    expect(after.policy).not.toBeNull();
    const named = (await manager.get(`/api/v1/users/${w.m1.id}/standing?period=week&date=2026-02-26`)).json();
    expect(named.board.map((b: { name: string; me: boolean }) => [b.name, b.me])).toEqual([['m1b@a.test', false], ['m1@a.test', true]]);
  });
});

describe('money in the team\'s currency', () => {
  it('progress, the leaderboard and a manager\'s day carry the currency of the team\'s policy', async () => {
    const admin = await signIn(t.hub, w.admin.email);
    const settings = (await admin.get(`/api/v1/teams/${w.t2}/settings`)).json();
    const before = settings.policy.currency as string;
    const other = before === 'EUR' ? 'USD' : 'EUR';
    const progress = async (teamId: string) => (await admin.get(`/api/v1/kpis/progress?teamId=${teamId}&period=week&date=2026-02-26`)).json().currency;
    expect(await progress(w.t2)).toBe(before);
    expect((await admin.send('PUT', `/api/v1/teams/${w.t2}/policy`, { ...settings.policy, currency: other })).statusCode).toBe(200);
    expect(await progress(w.t2)).toBe(other);
    expect((await admin.get(`/api/v1/leaderboard?teamId=${w.t2}&period=week&date=2026-02-26`)).json().currency).toBe(other);
    expect((await admin.get(`/api/v1/users/${w.m2.id}/day/2026-02-26`)).json().currency).toBe(other);
    // Another team keeps its own.
    expect(await progress(w.t1)).toBe((await admin.get(`/api/v1/teams/${w.t1}/settings`)).json().policy.currency);
  });
});
