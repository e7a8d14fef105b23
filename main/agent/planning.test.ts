import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api.ts';
import { FakeClock } from '../../shared/clock.ts';
import { parsePolicy } from '../../shared/policy.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import { fakeSources } from '../../test/fake-sources.ts';
import { tempDir } from '../../test/tmp.ts';
import { LocalStore } from '../store/local-store.ts';
import { Agent } from './agent.ts';
import { Planning } from './planning.ts';

const dir = tempDir();
let n = 0;
const parsed = parsePolicy({ kpiTargets: { calls_total: 40, calls_missed: 2 }, planSnooze: { times: 2, minutes: 15 } });
if (!parsed.ok) throw new Error(parsed.error);
const policy = parsed.policy;

function setup() {
  const clock = new FakeClock('2026-03-02T06:30:00Z', 'Europe/Kyiv'); // Monday 08:30 local
  const store = LocalStore.open(path.join(dir, `p-${++n}.db`), () => clock.now());
  const fakes = fakeSources(() => clock.now());
  const agent = new Agent({ store, clock, sources: fakes.sources, policy });
  const planning = new Planning(agent, store, clock, () => policy);
  const run = async (ms: number) => {
    for (let t = 0; t < ms; t += 1000) {
      clock.advance(1000);
      fakes.idle.input();
      await agent.tick();
    }
  };
  return { clock, store, agent, planning, run, ...fakes };
}

const item = (title: string, extra = {}) => ({ id: uuidv7(), title, crm: null, priority: 2 as const, estimateMin: 30, carriedFrom: null, ...extra });

async function refused(fn: () => unknown): Promise<ApiError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('Planning', () => {
  it('prompts for the plan at first clock-in, and the plan stops the prompt', async () => {
    const { planning, agent } = setup();
    expect(planning.prompts()).toEqual([]);
    await agent.clockIn();
    expect(planning.prompts()).toEqual([{ kind: 'plan', date: '2026-03-02', snoozesLeft: 2 }]);
    planning.snoozePlan();
    expect(planning.prompts()).toEqual([]);
    planning.snoozePlan();
    expect((await refused(() => planning.snoozePlan())).code).toBe('snooze_limit');
    planning.savePlan({ date: '2026-03-02', items: [item('Call Romashka')], commitments: {}, note: '' });
    expect(planning.prompts()).toEqual([]);
    expect(planning.getPlan().plan?.items.map((i) => i.title)).toEqual(['Call Romashka']);
  });

  it('prefills minutes from time labelled with a task and refuses a missed KPI without a reason', async () => {
    const { planning, agent, run, windows, clock } = setup();
    await agent.clockIn();
    const a = item('Call Romashka');
    const b = item('Send the proposal');
    planning.savePlan({ date: '2026-03-02', items: [a, b], commitments: { calls_total: 45 }, note: '' });
    windows.show('MicroSIP', 'Call');
    await agent.setLabel(`task:${a.id}`);
    await run(20 * 60_000);
    await agent.setLabel(`task:${b.id}`);
    await run(10 * 60_000);
    await agent.clockOut();
    expect(planning.prompts()).toEqual([{ kind: 'report', date: '2026-03-02', overdue: false, returned: false, comment: null }]);

    const view = planning.getReport();
    expect(view.trackedMinutes).toEqual({ [a.id]: 20, [b.id]: 10 });
    expect(view.prefill.items.map((i) => i.minutes)).toEqual([20, 10]);
    expect(view.prefill.kpis.map((k) => [k.key, k.target])).toEqual([
      ['calls_total', 40],
      ['calls_missed', 2],
    ]);

    const report = {
      ...view.prefill,
      items: [
        { itemId: a.id, outcome: 'done' as const, comment: '', minutes: 25 },
        { itemId: b.id, outcome: 'moved' as const, comment: 'client asked for Thursday', minutes: 10 },
      ],
      kpis: [
        { key: 'calls_total', target: 0, actual: 31, reason: null, reasonText: '' },
        { key: 'calls_missed', target: 2, actual: 1, reason: null, reasonText: '' },
      ],
    };
    const error = await refused(() => planning.submitReport(report));
    expect(error.code).toBe('report_incomplete');
    expect(error.status).toBe(422);
    // The lead's target (40) counts, not the 0 the form sent; lower-is-better 1 of 2 is met.
    expect(error.details).toEqual([expect.objectContaining({ path: 'kpis[0].reason', code: 'reason_required' })]);

    report.kpis[0] = { ...report.kpis[0]!, reason: 'clients_unreachable' as never, reasonText: 'half the base did not answer' };
    const filed = planning.submitReport(report);
    expect(filed.report?.status).toBe('submitted');
    expect(filed.report?.revisions).toHaveLength(1);
    expect(filed.report?.revisions[0]?.kpis[0]).toMatchObject({ target: 40, actual: 31, reason: 'clients_unreachable' });
    expect(planning.prompts()).toEqual([]);

    // An edit is a new revision; the first stays.
    clock.advance(60_000);
    const edited = planning.submitReport({ ...report, note: 'forgot: 2 proposals sent' });
    expect(edited.report?.revisions.map((r) => [r.revision, r.note])).toEqual([
      [1, ''],
      [2, 'forgot: 2 proposals sent'],
    ]);

    planning.recordReview('2026-03-02', 'approved', null);
    expect(planning.getReport().editable).toBe(false);
    expect((await refused(() => planning.submitReport(report))).code).toBe('report_locked');
  });

  it('refuses a report that leaves out a planned task', async () => {
    const { planning, agent } = setup();
    await agent.clockIn();
    const a = item('A');
    planning.savePlan({ date: '2026-03-02', items: [a, item('B')], commitments: {}, note: '' });
    const error = await refused(() =>
      planning.submitReport({ date: '2026-03-02', items: [{ itemId: a.id, outcome: 'done', comment: '', minutes: 5 }], unplanned: [], kpis: [], blockers: '', note: '' }),
    );
    expect(error.details).toEqual([expect.objectContaining({ code: 'missing_item' })]);
  });

  it('asks next morning for the unfiled report first, then the plan, and carries unfinished tasks over', async () => {
    const { planning, agent, run, clock } = setup();
    await agent.clockIn();
    const done = item('Done one');
    const open = item('Unfinished one', { priority: 1 });
    planning.savePlan({ date: '2026-03-02', items: [done, open], commitments: {}, note: '' });
    await run(60_000);
    await agent.clockOut();
    clock.advance(24 * 3600_000); // Tuesday 08:31
    await agent.clockIn();
    expect(planning.prompts().map((p) => `${p.kind}:${'date' in p ? p.date : ''}`)).toEqual(['report:2026-03-02', 'plan:2026-03-03']);
    // Until Monday's report says otherwise, both of its tasks are offered again.
    expect(planning.getPlan().carryOver.map((i) => i.title)).toEqual(['Done one', 'Unfinished one']);
    planning.submitReport({
      date: '2026-03-02',
      items: [
        { itemId: done.id, outcome: 'done', comment: '', minutes: 1 },
        { itemId: open.id, outcome: 'partial', comment: '', minutes: 0 },
      ],
      unplanned: [],
      kpis: [
        { key: 'calls_total', target: 40, actual: 40, reason: null, reasonText: '' },
        { key: 'calls_missed', target: 2, actual: 0, reason: null, reasonText: '' },
      ],
      blockers: '',
      note: '',
    });
    const carry = planning.getPlan().carryOver;
    expect(carry.map((i) => [i.title, i.carriedFrom])).toEqual([['Unfinished one', '2026-03-02']]);
    planning.savePlan({ date: '2026-03-03', items: carry, commitments: {}, note: '' });
    expect(planning.getPlan().carryOver).toEqual([]);
    expect(planning.prompts()).toEqual([]);
  });

  it('keeps settings and refuses a plan for a day ahead', async () => {
    const { planning } = setup();
    expect(planning.settings()).toEqual({ language: 'uk', schedule: policy.schedule });
    planning.saveSettings({ language: 'ru' });
    expect(planning.settings().language).toBe('ru');
    expect((await refused(() => planning.savePlan({ date: '2026-03-09', items: [], commitments: {}, note: '' }))).code).toBe('invalid_input');
  });
});

describe('what the hub hands down from the CRM', () => {
  it('offers the CRM tasks on the plan, and shows and prefills the CRM figures on a new report', () => {
    const { agent, store, clock } = setup();
    const crm = {
      tasks: [{ system: 'bitrix24' as const, kind: 'task' as const, id: '12', title: 'Call back', url: null, deadline: null }],
      actualsFor: (date: string): Record<string, number> => (date === '2026-03-02' ? { calls_total: 37, talk_minutes: 95, no_such_kpi: 4 } : {}),
    };
    const planning = new Planning(agent, store, clock, () => policy, crm);
    expect(planning.getPlan().crmTasks).toEqual(crm.tasks);
    const view = planning.getReport();
    expect(view.crmActuals).toEqual({ calls_total: 37, talk_minutes: 95, no_such_kpi: 4 });
    expect(view.prefill.kpis.find((k) => k.key === 'calls_total')?.actual).toBe(37);
    expect(view.prefill.kpis.find((k) => k.key === 'calls_missed')?.actual).toBe(0);
    // Talk minutes have no target but a CRM figure: a row of their own, prefilled, with no target;
    // a key the team does not define gets none.
    expect(view.prefill.kpis.map((k) => k.key)).toEqual(['calls_total', 'calls_missed', 'talk_minutes']);
    expect(view.prefill.kpis[2]).toEqual({ key: 'talk_minutes', target: null, actual: 95, reason: null, reasonText: '' });
    // Without a hub connection: nothing to offer, nothing prefilled.
    const alone = new Planning(agent, store, clock, () => policy);
    expect(alone.getPlan().crmTasks).toEqual([]);
    expect(alone.getReport().prefill.kpis.find((k) => k.key === 'calls_total')?.actual).toBe(0);
  });
});

describe('a session across the day start', () => {
  it('belongs to the working day it started on: its plan, its report and My day', async () => {
    const { clock, agent, planning, store, idle, windows } = setup();
    // 20:00 in Kyiv on Monday 2 March; the day starts at 04:00.
    clock.jumpWall(Date.parse('2026-03-02T18:00:00Z') - clock.now());
    const hours = async (h: number) => {
      for (let m = 0; m < h * 60; m++) {
        clock.advance(60_000);
        idle.input();
        await agent.tick();
      }
    };
    windows.show('Firefox', 'Угода — Бітрікс24');
    await agent.clockIn();
    const task = item('Нічна зміна: обдзвін');
    planning.savePlan({ date: planning.today(), items: [task], commitments: {}, note: '' });
    await hours(8.5); // 04:30 on Tuesday by the calendar
    expect(agent.status().today.date).toBe('2026-03-02');
    expect(planning.today()).toBe('2026-03-02');
    expect(planning.getPlan().plan?.items.map((i) => i.title)).toEqual(['Нічна зміна: обдзвін']);
    await hours(0.5);
    await agent.clockOut(); // 05:00
    expect(planning.today()).toBe('2026-03-03');
    expect(planning.prompts()).toContainEqual(expect.objectContaining({ kind: 'report', date: '2026-03-02' }));
    expect(planning.prompts()).not.toContainEqual(expect.objectContaining({ kind: 'report', date: '2026-03-03' }));
    expect(agent.day('2026-03-02').workedMs).toBe(9 * 3_600_000);
    expect(agent.day('2026-03-02').byApp.map((a) => [a.app, a.ms])).toEqual([['Firefox', 9 * 3_600_000]]);
    expect(agent.day('2026-03-03').workedMs).toBe(0);
    // The report for that day is filed against that day's plan.
    const filed = planning.submitReport({ date: '2026-03-02', items: [{ itemId: task.id, outcome: 'done', comment: '', minutes: 540 }], unplanned: [], kpis: [], blockers: '', note: '' });
    expect(filed.report?.date).toBe('2026-03-02');
    store.close();
  });
});
