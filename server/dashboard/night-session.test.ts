// A night session (clock-in 20:00, clock-out 05:00, the day starting at 04:00) belongs whole to the
// working day it started on (shared/working-days.ts). The real agent works the night under a fake
// clock, files that day's report at clock-out and sends its records late and out of order; the
// agent's My day and its export, and the hub's day, week, grid, team now and exports (CSV, XLSX,
// iCalendar) must all put the whole night on the first day. Also across both of Kyiv's DST nights.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayRow, InboxRow, ManagerDay, TeamNow } from '../../shared/dashboard-api.ts';
import type { DaySummary } from '../../shared/days.ts';
import { FakeClock } from '../../shared/clock.ts';
import { defaultPolicy } from '../../shared/policy.ts';
import type { SyncRecord } from '../../shared/sync.ts';
import { addDays, localTimeToUtc } from '../../shared/time.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import { Agent } from '../../main/agent/agent.ts';
import { createHandlers } from '../../main/agent/handlers.ts';
import { Planning } from '../../main/agent/planning.ts';
import { LocalStore } from '../../main/store/local-store.ts';
import { Outbox } from '../../main/sync/outbox.ts';
import { fakeSources } from '../../test/fake-sources.ts';
import { enrollAgent, seedWorld, signIn, startHub, type Browser, type Person, type TestHub, type World } from '../testing/harness.ts';

const ZONE = 'Europe/Kyiv';
const HOUR = 3600_000;
const WINDOWS = [
  { app: 'Google Chrome', title: 'Угода №1042 — Бітрікс24', domain: 'acme.bitrix24.ua' },
  { app: 'Telegram', title: 'Олена Коваль', domain: null },
  { app: 'MicroSIP', title: 'Дзвінок +380 44 000 00 00', domain: null },
];

/** One CSV line's fields (RFC 4180 quoting). */
function csvLine(line: string, sep: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') [field, i] = [field + '"', i + 1];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      out.push(field);
      field = '';
    }
    else field += c;
  }
  out.push(field);
  return out;
}

function csvRows(text: string, sep: string): Record<string, string>[] {
  const lines = text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).map((l) => csvLine(l, sep));
  const header = lines[0]!;
  return lines.slice(1).map((l) => Object.fromEntries(header.map((h, i) => [h, l[i] ?? ''])));
}

/** The agent (its tracker, store, plans and outbox) on a fake clock, as the tray app runs it. */
function nightAgent(startAt: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-night-'));
  const clock = new FakeClock(startAt, ZONE);
  const store = LocalStore.open(path.join(dir, 'zvit.db'), () => clock.now());
  const { sources, windows, idle } = fakeSources(() => clock.now());
  const policy = defaultPolicy();
  const agent = new Agent({ store, clock, sources, policy });
  const planning = new Planning(agent, store, clock, () => policy);
  const handlers = createHandlers({ agent, planning, store, clock, dayStart: () => policy.dayStart });
  const outbox = new Outbox(store);
  let w = 0;
  return {
    clock,
    store,
    agent,
    planning,
    handlers,
    /** The manager at the keyboard until `at`, switching windows every 20 minutes. */
    async workUntil(at: number) {
      while (clock.now() < at) {
        const step = Math.min(30_000, at - clock.now());
        clock.advance(step);
        idle.input();
        if (clock.now() % (20 * 60_000) < step) {
          const win = WINDOWS[w++ % WINDOWS.length]!;
          windows.show(win.app, win.title, { domain: win.domain });
        }
        await agent.tick();
      }
    },
    show: () => windows.show(WINDOWS[0]!.app, WINDOWS[0]!.title, { domain: WINDOWS[0]!.domain }),
    /** What waits in the outbox, in wire form, taken off the queue. */
    drain(): SyncRecord[] {
      agent.flush();
      const entries = outbox.next(5000, 1e9);
      outbox.acknowledge(entries);
      return entries.map((e) => e.record);
    },
    async close() {
      await agent.stop();
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let t: TestHub;
let w: World;
let lead: Browser;
beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
});
afterAll(() => t.close());

const NIGHTS: { name: string; date: string; hours: number; who: (w: World) => Person }[] = [
  { name: 'an ordinary winter night', date: '2026-03-02', hours: 9, who: (w) => w.m1 },
  // Clocks go forward at 03:00 on 29 March: 20:00 to 05:00 is 8 hours.
  { name: 'the spring DST night', date: '2026-03-28', hours: 8, who: (w) => w.m1b },
  // Clocks go back at 04:00 on 25 October: 20:00 to 05:00 is 10 hours.
  { name: 'the autumn DST night', date: '2026-10-24', hours: 10, who: (w) => w.m2 },
];

describe.each(NIGHTS)('a night session 20:00 → 05:00 on $name', ({ date, hours, who }) => {
  const next = addDays(date, 1);
  const inAt = localTimeToUtc(date, '20:00', ZONE);
  const outAt = localTimeToUtc(next, '05:00', ZONE);
  let night: ReturnType<typeof nightAgent>;
  let user: Person;
  let myDay: DaySummary;
  let teamNowAt0430: TeamNow['members'][number];

  beforeAll(async () => {
    user = who(w);
    night = nightAgent(inAt - 60_000);
    t.clock.now = Date.now();
    const hub = await enrollAgent(t.hub, user.id, night.store.deviceId);
    const push = async (records: SyncRecord[]) => {
      const res = await hub.push(records);
      expect(res.statusCode).toBe(200);
      expect((res.json() as { results: { status: string }[] }).results.filter((r) => r.status !== 'stored')).toEqual([]);
    };

    await night.workUntil(inAt);
    night.show();
    await night.agent.clockIn();
    const task = { id: uuidv7(night.clock.now()), title: 'Нічна зміна: обдзвін', crm: null, priority: 1 as const, estimateMin: 60, carriedFrom: null };
    night.planning.savePlan({ date: night.planning.today(), items: [task], commitments: {}, note: '' });
    const at0430 = localTimeToUtc(next, '04:30', ZONE);
    await night.workUntil(at0430);
    // Offline all night; the records arrive late, spans before the events that frame them.
    const first = night.drain();
    t.clock.now = at0430 + 60_000;
    lead = await signIn(t.hub, w.leadBoth.email);
    await push(first.filter((r) => r.kind === 'activity_span'));
    await push(first.filter((r) => r.kind !== 'activity_span'));
    const nowRes = await lead.get(`/api/v1/team-now?teamId=${user.teamId}`);
    expect(nowRes.statusCode, nowRes.body).toBe(200);
    const now = nowRes.json() as TeamNow;
    teamNowAt0430 = now.members.find((m) => m.user.id === user.id)!;

    await night.workUntil(outAt);
    await night.agent.clockOut();
    // The report the agent asks for at clock-out is the night's first day's.
    expect(night.planning.prompts()).toContainEqual(expect.objectContaining({ kind: 'report', date }));
    night.planning.submitReport({ date, items: [{ itemId: task.id, outcome: 'done', comment: '', minutes: hours * 60 }], unplanned: [], kpis: [], blockers: '', note: '' });
    myDay = night.agent.day(date);
    const rest = night.drain();
    t.clock.now = outAt + 30 * 60_000;
    // The clock-out and the report first, the last spans after them.
    await push(rest.filter((r) => r.kind !== 'activity_span'));
    await push(rest.filter((r) => r.kind === 'activity_span'));
  }, 120_000);
  afterAll(() => night.close());

  it('the agent counts the whole night on its first day: My day and its export', async () => {
    expect(myDay.workedMs).toBe(hours * HOUR);
    expect(night.agent.day(next).workedMs).toBe(0);
    const exported = await night.handlers.export({ from: date, to: next, format: 'csv', language: 'en' });
    const rows = csvRows(exported.body, ',');
    // Every row of the export is the night's first day's: time, apps, the plan's task, the report.
    expect(new Set(rows.map((r) => r['Record']))).toEqual(new Set(['Working time', 'App', 'Task', 'Report']));
    expect(new Set(rows.map((r) => r['Date']))).toEqual(new Set([date]));
    const worked = rows.filter((r) => r['Record'] === 'Working time' && r['What'] === 'Work').reduce((sum, r) => sum + Number(r['Duration, min']), 0);
    expect(worked).toBe(hours * 60);
    const apps = rows.filter((r) => r['Record'] === 'App').reduce((sum, r) => sum + Number(r['Duration, min']), 0);
    expect(apps).toBeCloseTo(hours * 60, 6);
  });

  it('team now, past the day start mid-session, shows the night as today', () => {
    expect(teamNowAt0430.today.date).toBe(date);
    expect(teamNowAt0430.state).toBe('working');
    // 20:00 to 04:31 by the wall clock, whatever DST did to the hours.
    expect(teamNowAt0430.today.workedMs).toBe(localTimeToUtc(next, '04:31', ZONE) - inAt);
  });

  it('the hub\'s day equals My day, and the next day is empty', async () => {
    const day = (await lead.get(`/api/v1/users/${user.id}/day/${date}`)).json() as ManagerDay;
    expect(day.summary.workedMs).toBe(hours * HOUR);
    expect(day.summary.timeline).toEqual(myDay.timeline);
    expect(day.summary.byCategory).toEqual(myDay.byCategory);
    expect(day.summary.byApp.map((a) => [a.app, a.ms])).toEqual(myDay.byApp.map((a) => [a.app, a.ms]));
    expect(day.summary.lastActivity).toBe(outAt);
    // Filed at 05:00 after a session that ended then: on time, the night's own report.
    expect(day.report?.flags).toMatchObject({ state: 'submitted', late: false });
    expect(day.tasks.map((x) => [x.title, x.outcome])).toEqual([['Нічна зміна: обдзвін', 'done']]);
    const after = (await lead.get(`/api/v1/users/${user.id}/day/${next}`)).json() as ManagerDay;
    expect(after.summary.workedMs).toBe(0);
    expect(after.summary.timeline).toEqual([]);
  });

  it('the week and the grid put the night on its first day', async () => {
    const week = (await lead.get(`/api/v1/users/${user.id}/week?date=${date}`)).json() as { days: DayRow[]; totals: { workedMs: number } };
    const byDate = new Map(week.days.map((d) => [d.date, d]));
    expect(byDate.get(date)?.workedMs).toBe(hours * HOUR);
    expect(byDate.get(date)?.report).toMatchObject({ state: 'submitted', late: false });
    if (byDate.has(next)) expect(byDate.get(next)?.workedMs).toBe(0);
    const inbox = (await lead.get(`/api/v1/inbox?from=${date}&to=${next}&teamId=${user.teamId}&filter=all`)).json() as { rows: InboxRow[] };
    expect(inbox.rows.filter((r) => r.user.id === user.id).map((r) => [r.date, r.report.state, r.report.late, r.workedMs])).toEqual([[date, 'submitted', false, hours * HOUR]]);
    const grid = (await lead.get(`/api/v1/grid?from=${date}&to=${next}&userId=${user.id}`)).json() as { rows: { userId: string; days: DayRow[] }[] };
    expect(grid.rows[0]!.days.map((d) => [d.date, d.workedMs, d.lastActivity])).toEqual([
      [date, hours * HOUR, outAt],
      [next, 0, null],
    ]);
  });

  it('the hub\'s CSV, XLSX and iCalendar exports agree', async () => {
    const q = `from=${date}&to=${next}&userId=${user.id}`;
    const csv = await lead.get(`/api/v1/exports/days.csv?${q}`);
    expect(csv.statusCode).toBe(200);
    const rows = csvRows(csv.body, ';');
    expect(rows.map((r) => [r['Дата'], r['Відпрацьовано, хв'], r['Кінець']])).toEqual([
      [date, String(hours * 60), '05:00'],
      [next, '0', ''],
    ]);
    const xlsx = await lead.get(`/api/v1/exports/days.xlsx?${q}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const col = (name: string) => header.indexOf(name);
    expect([2, 3].map((r) => [sheet.getRow(r).getCell(col('Дата')).value, sheet.getRow(r).getCell(col('Відпрацьовано, хв')).value])).toEqual([
      [date, hours * 60],
      [next, 0],
    ]);
    const ics = (await lead.get(`/api/v1/users/${user.id}/calendar.ics?from=${date}&to=${next}`)).body;
    const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    const events = ics.split('BEGIN:VEVENT').slice(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toContain(`DTSTART:${stamp(inAt)}`);
    expect(events[0]).toContain(`DTEND:${stamp(outAt)}`);
  });
});
