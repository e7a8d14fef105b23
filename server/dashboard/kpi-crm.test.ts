// Self-reported KPIs beside the CRM's figures (stored by the CRM pulls and the actuals endpoint):
// the manager's day and the KPI progress show both and flag a difference; a KPI only the CRM
// counts shows too. And what changed between two revisions of a report, in the day answer.
// Reports go in through the agent's own store and push; the figures through the actuals API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmDiffers } from '../../shared/kpi.ts';
import { dayBounds } from '../../shared/time.ts';
import { agentDevice, ZONE, type AgentDevice } from '../testing/agent-device.ts';
import { seedWorld, signIn, startHub, type Browser, type TestHub, type World } from '../testing/harness.ts';

let t: TestHub;
let w: World;
let lead1: Browser;
const devices: AgentDevice[] = [];
// The hub's clock is Monday 2026-03-02; Friday the 27th is a past working day.
const DATE = '2026-02-27';
const evening = dayBounds(DATE, ZONE).from + 18 * 3600_000;

beforeAll(async () => {
  t = await startHub({ jobs: false });
  w = await seedWorld(t.hub);
  lead1 = await signIn(t.hub, w.lead1.email);
  expect((await lead1.send('PUT', `/api/v1/teams/${w.t1}/kpis`, { definitions: [], targets: [{ key: 'calls_total', period: 'day', value: 40 }] })).statusCode).toBe(200);

  const m1 = await agentDevice(t.hub, w.m1.id);
  const m1b = await agentDevice(t.hub, w.m1b.id);
  devices.push(m1, m1b);
  m1.savePlan(DATE, evening - 9 * 3600_000);
  m1.fileReport(DATE, evening, { kpis: [{ key: 'calls_total', target: 40, actual: 42, reason: null, reasonText: '' }] });
  // Filed again an hour later: two more calls, a blocker written down.
  m1.fileReport(DATE, evening + 3600_000, { kpis: [{ key: 'calls_total', target: 40, actual: 44, reason: null, reasonText: '' }], blockers: 'CRM не відкривалась зранку' });
  m1b.fileReport(DATE, evening, { kpis: [{ key: 'calls_total', target: 40, actual: 45, reason: null, reasonText: '' }] });
  // The day before, which the CRM has no figure for.
  m1b.fileReport('2026-02-26', evening - 86_400_000, { kpis: [{ key: 'calls_total', target: 40, actual: 40, reason: null, reasonText: '' }] });
  for (const d of devices) for (const r of (await d.sync()).results) expect(r.status).toBe('stored');

  const admin = await signIn(t.hub, w.admin.email);
  const { secret } = (await admin.send('POST', '/api/v1/api-tokens', { name: 'PBX', scopes: ['kpi:write'] })).json() as { secret: string };
  const put = await t.hub.app.inject({
    method: 'POST',
    url: '/api/v1/kpi-actuals',
    headers: { authorization: `Bearer ${secret}` },
    payload: {
      actuals: [
        { user: w.m1.email, date: DATE, key: 'calls_total', value: 37 },
        { user: w.m1.email, date: DATE, key: 'calls_missed', value: 3 },
        { user: w.m1b.email, date: DATE, key: 'calls_total', value: 44 },
      ],
    },
  });
  expect(put.json()).toMatchObject({ stored: 3, refused: [] });
});
afterAll(async () => {
  for (const d of devices) d.close();
  await t?.close();
});

describe('what counts as a difference from the CRM', () => {
  it('a whole unit apart and more than 5% of the larger figure; nothing while one is missing', () => {
    expect(crmDiffers(44, 37)).toBe(true);
    expect(crmDiffers(45, 44)).toBe(false); // a call logged after the report
    expect(crmDiffers(10, 11)).toBe(true); // one in ten is 10%
    expect(crmDiffers(100, 104)).toBe(false);
    expect(crmDiffers(12_500, 12_600)).toBe(false);
    expect(crmDiffers(0.4, 0)).toBe(false); // under a unit
    expect(crmDiffers(0, 3)).toBe(true);
    expect(crmDiffers(null, 3)).toBe(false);
    expect(crmDiffers(3, null)).toBe(false);
  });
});

describe('self-reported KPIs beside the CRM', () => {
  it('the manager\'s day: the CRM figure beside the reported one, flagged when they differ; a CRM-only KPI shows too', async () => {
    const day = (await lead1.get(`/api/v1/users/${w.m1.id}/day/${DATE}`)).json();
    const calls = day.kpis.find((k: { key: string }) => k.key === 'calls_total');
    expect(calls).toMatchObject({ target: 40, commitment: 40, actual: 44, crmActual: 37, crmDiffers: true, missed: false });
    const missed = day.kpis.find((k: { key: string }) => k.key === 'calls_missed');
    expect(missed).toMatchObject({ actual: null, target: null, crmActual: 3, crmDiffers: false, names: { en: 'Missed calls' } });

    const other = (await lead1.get(`/api/v1/users/${w.m1b.id}/day/${DATE}`)).json();
    expect(other.kpis.find((k: { key: string }) => k.key === 'calls_total')).toMatchObject({ actual: 45, crmActual: 44, crmDiffers: false });
  });

  it('the KPI progress per manager and in total: fact and CRM fact side by side, the difference flagged', async () => {
    const res = (await lead1.get(`/api/v1/kpis/progress?teamId=${w.t1}&period=week&date=${DATE}`)).json();
    const row = (userId: string, key: string) => res.users.find((u: { user: { id: string } }) => u.user.id === userId).rows.find((r: { key: string }) => r.key === key);
    expect(row(w.m1.id, 'calls_total')).toMatchObject({ fact: 44, crmFact: 37, crmDiffers: true, target: 200, remaining: 156 });
    // 85 reported over two days, 44 in the CRM for one of them: compared day by day, they agree.
    expect(row(w.m1b.id, 'calls_total')).toMatchObject({ fact: 85, crmFact: 44, crmDiffers: false });
    // Never self-reported: its 0 is no claim against the CRM's 3.
    expect(row(w.m1.id, 'calls_missed')).toMatchObject({ fact: 0, target: null, crmFact: 3, crmDiffers: false, status: 'no_target' });
    // The team's total differs because m1's row does.
    expect(res.total.find((r: { key: string }) => r.key === 'calls_total')).toMatchObject({ fact: 129, crmFact: 81, crmDiffers: true });
  });
});

describe('what changed between revisions of a report', () => {
  it('the day answer lists each revision with its changes against the one before', async () => {
    const day = (await lead1.get(`/api/v1/users/${w.m1.id}/day/${DATE}`)).json();
    expect(day.report.revisions).toHaveLength(2);
    expect(day.report.revisions[0].changes).toEqual([]);
    expect(day.report.revisions[1].changes).toEqual([
      { section: 'kpi', key: 'calls_total', label: 'calls_total', field: 'actual', before: 42, after: 44 },
      { section: 'blockers', key: '', label: '', field: 'text', before: '', after: 'CRM не відкривалась зранку' },
    ]);
    expect(day.report.firstSubmittedAt).toBe(evening);
    expect(day.report.lastSubmittedAt).toBe(evening + 3600_000);
  });
});
