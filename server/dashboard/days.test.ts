// Team now, a manager's day, the week and the grid, read from the rollups of days the real agent
// recorded and pushed; window titles only where the policy keeps them and never in private mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayRow, ManagerDay, TeamNow } from '../../shared/dashboard-api.ts';
import { localTimeToUtc } from '../../shared/time.ts';
import { setTeamPolicy } from '../settings.ts';
import { enrollAgent, seedWorld, signIn, startHub, type Browser, type TestHub, type World } from '../testing/harness.ts';
import { recordDays } from '../testing/agent-days.ts';

const ZONE = 'Europe/Kyiv';
let t: TestHub;
let w: World;
let lead: Browser;

beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
  lead = await signIn(t.hub, w.lead1.email);
  const recorded = await recordDays({
    zone: ZONE,
    windows: [
      { app: 'Google Chrome', title: 'Угода №1042 — Бітрікс24', domain: 'acme.bitrix24.ua' },
      { app: 'Telegram', title: 'Олена Коваль' },
    ],
    days: [
      { date: '2026-03-02', clockIn: '09:20', minutes: 8 * 60, clockOut: true, steps: [{ at: 120, kind: 'break', minutes: 30 }, { at: 300, kind: 'idle', minutes: 20, decision: 'keep', label: 'call' }] },
      { date: '2026-03-03', clockIn: '08:50', minutes: 6 * 60, clockOut: true, steps: [{ at: 60, kind: 'private', minutes: 30, countsAsWork: true }] },
    ],
  });
  t.clock.now = Date.now();
  const agent = await enrollAgent(t.hub, w.m1.id, recorded.deviceId);
  t.clock.now = localTimeToUtc('2026-03-04', '10:00', ZONE);
  const res = await agent.push(recorded.records);
  expect(res.json().results.filter((r: { status: string }) => r.status !== 'stored')).toEqual([]);
});
afterAll(() => t.close());

describe('a manager\'s day', () => {
  it('shows the rolled-up day with the timeline, apps, late start and titles', async () => {
    const res = await lead.get(`/api/v1/users/${w.m1.id}/day/2026-03-02`);
    expect(res.statusCode).toBe(200);
    const day = res.json() as ManagerDay;
    expect(day.summary.workedMs).toBeGreaterThan(7 * 3600_000);
    expect(day.summary.breakMs).toBeGreaterThanOrEqual(30 * 60_000);
    expect(day.summary.idle.keptMs).toBeGreaterThan(0);
    expect(day.summary.byLabel.map((l) => l.label)).toContain('call');
    expect(day.scheduled).toBe(true);
    // Clocked in at 09:20 against a 09:00 start.
    expect(day.lateStartMs).toBe(20 * 60_000);
    expect(day.titles).toMatchObject({ shown: true, hiddenBecause: null });
    expect(day.titles.top.map((x) => x.title)).toContain('Олена Коваль');
    expect(JSON.stringify(day.summary)).not.toContain('Олена Коваль');
  });

  it('gives each app its time by category and its domains, as the team\'s rules categorised its windows', async () => {
    const day = (await lead.get(`/api/v1/users/${w.m1.id}/day/2026-03-02`)).json() as ManagerDay;
    const byApp = new Map(day.summary.byApp.map((a) => [a.app, a]));
    expect(byApp.get('Google Chrome')?.categories).toEqual([{ category: 'crm', productivity: 'productive', ms: byApp.get('Google Chrome')!.ms }]);
    expect(byApp.get('Google Chrome')?.top).toEqual([{ kind: 'domain', text: 'acme.bitrix24.ua', ms: byApp.get('Google Chrome')!.ms }]);
    expect(byApp.get('Telegram')?.categories.map((c) => [c.category, c.productivity])).toEqual([['messengers', 'productive']]);
    // Titles are never in an app's details: only in `titles`.
    expect(byApp.get('Telegram')?.top).toEqual([]);
    for (const a of day.summary.byApp) expect(a.categories.reduce((sum, c) => sum + c.ms, 0)).toBe(a.ms);
    // The apps' categories add up to the day's categories, and the timeline's app layer carries them.
    const perCategory = new Map<string, number>();
    for (const a of day.summary.byApp) for (const c of a.categories) perCategory.set(c.category, (perCategory.get(c.category) ?? 0) + c.ms);
    expect(Object.fromEntries(perCategory)).toEqual(Object.fromEntries(day.summary.byCategory.map((c) => [c.category, c.ms])));
    expect(new Set(day.summary.timeline.filter((e) => e.kind === 'activity').map((e) => e.category))).toEqual(new Set(perCategory.keys()));
  });

  it('never shows titles for a day in private mode', async () => {
    const day = (await lead.get(`/api/v1/users/${w.m1.id}/day/2026-03-03`)).json() as ManagerDay;
    expect(day.summary.workedMs).toBeGreaterThan(5 * 3600_000);
    expect(day.titles).toEqual({ shown: false, hiddenBecause: 'private_mode', top: [] });
    expect(day.lateStartMs).toBeNull();
  });

  it('shows no titles where the team\'s policy captures none', async () => {
    await setTeamPolicy(t.hub.database.db, w.t1, { titles: { capture: 'off' } });
    try {
      const day = (await lead.get(`/api/v1/users/${w.m1.id}/day/2026-03-02`)).json() as ManagerDay;
      expect(day.titles).toEqual({ shown: false, hiddenBecause: 'policy', top: [] });
    } finally {
      await setTeamPolicy(t.hub.database.db, w.t1, {});
    }
  });

  it('answers a day without records with its bounds and nothing else', async () => {
    const day = (await lead.get(`/api/v1/users/${w.m1.id}/day/2026-03-28`)).json() as ManagerDay;
    expect(day.summary.workedMs).toBe(0);
    // The working day holding Kyiv's spring change is 23 hours long.
    expect(day.summary.to - day.summary.from).toBe(23 * 3600_000);
  });
});

describe('the week and the grid', () => {
  it('the week runs Monday to Sunday with the days\' figures from the rollups', async () => {
    const res = await lead.get(`/api/v1/users/${w.m1.id}/week?date=2026-03-04`);
    expect(res.statusCode).toBe(200);
    const week = res.json() as { from: string; to: string; days: DayRow[]; totals: { workedMs: number } };
    expect([week.from, week.to]).toEqual(['2026-03-02', '2026-03-08']);
    expect(week.days).toHaveLength(7);
    const day = (await lead.get(`/api/v1/users/${w.m1.id}/day/2026-03-02`)).json() as ManagerDay;
    expect(week.days[0]!.workedMs).toBe(day.summary.workedMs);
    expect(week.totals.workedMs).toBe(week.days[0]!.workedMs + week.days[1]!.workedMs);
    // Monday and Tuesday are over with no report: missing. Wednesday is today: not yet due.
    expect(week.days.slice(0, 3).map((d) => d.report.state)).toEqual(['missing', 'missing', 'none']);
    expect(week.days[5]!.scheduled).toBe(false);
  });

  it('the grid has one row per manager of the lead\'s team and one entry per date', async () => {
    const res = await lead.get(`/api/v1/grid?from=2026-03-01&to=2026-03-04`);
    expect(res.statusCode).toBe(200);
    const grid = res.json() as { users: { id: string }[]; rows: { userId: string; days: DayRow[] }[] };
    expect(grid.users.map((u) => u.id).sort()).toEqual([w.m1.id, w.m1b.id].sort());
    for (const row of grid.rows) expect(row.days.map((d) => d.date)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']);
    expect(grid.rows.find((r) => r.userId === w.m1.id)!.days[1]!.workedMs).toBeGreaterThan(0);
  });

  it('refuses a range longer than allowed', async () => {
    const res = await lead.get(`/api/v1/grid?from=2025-01-01&to=2026-03-04`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
  });
});

describe('team now', () => {
  it('lists the lead\'s managers with yesterday\'s report and today\'s plan', async () => {
    const now = (await lead.get('/api/v1/team-now')).json() as TeamNow;
    const m1 = now.members.find((m) => m.user.id === w.m1.id)!;
    expect(m1.today.date).toBe('2026-03-04');
    expect(m1.yesterday).toMatchObject({ date: '2026-03-03', report: { state: 'missing' } });
    // The agent pushed an hour ago at most: clocked out, not offline.
    expect(m1.state).toBe('clocked_out');
    expect(now.members.find((m) => m.user.id === w.m1b.id)!.state).toBe('never');
    // m1b never synced: their report is missing too.
    expect(now.counters).toMatchObject({ total: 2, working: 0, offline: 1, noReportYesterday: 2 });
  });
});

describe('exports', () => {
  it('CSV: UTF-8 with a BOM, Cyrillic headers, local times, the grid\'s figures', async () => {
    const res = await lead.get(`/api/v1/exports/days.csv?userId=${w.m1.id}&from=2026-03-02&to=2026-03-03`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(';'));
    expect(lines[0]).toContain('Відпрацьовано, хв');
    expect(lines).toHaveLength(3);
    const header = lines[0]!;
    const monday = Object.fromEntries(header.map((h, i) => [h, lines[1]![i]]));
    const day = (await lead.get(`/api/v1/users/${w.m1.id}/day/2026-03-02`)).json() as ManagerDay;
    expect(Number(monday['Відпрацьовано, хв'])).toBe(Math.round(day.summary.workedMs / 60_000));
    // Clocked in at 09:20 Kyiv time (07:20 UTC).
    expect(monday['Початок']).toBe('09:20');
    expect(monday['Запізнення, хв']).toBe('20');
  });

  it('XLSX: read back with the same library', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const res = await lead.get(`/api/v1/exports/days.xlsx?from=2026-03-02&to=2026-03-03`);
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    // Two managers × two days, after the header.
    expect(sheet.rowCount).toBe(5);
    expect(sheet.getRow(1).getCell(1).value).toBe('Менеджер');
    const rows = [2, 3, 4, 5].map((i) => sheet.getRow(i));
    const m1Monday = rows.find((r) => r.getCell(2).value === w.m1.email && r.getCell(4).value === '2026-03-02')!;
    expect(Number(m1Monday.getCell(6).value)).toBeGreaterThan(7 * 60);
  });

  it('iCalendar: the work and break blocks', async () => {
    const res = await lead.get(`/api/v1/users/${w.m1.id}/calendar.ics?from=2026-03-02&to=2026-03-02`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('BEGIN:VCALENDAR');
    expect(res.body).toContain('SUMMARY:Перерва');
    expect(res.body).toContain('SUMMARY:Робота: call');
    // The first block starts at the clock-in, 07:20 UTC.
    expect(res.body).toContain('DTSTART:20260302T072000Z');
  });

  it('the same access rules as the screens', async () => {
    const other = await signIn(t.hub, w.lead2.email);
    expect((await other.get(`/api/v1/exports/days.csv?userId=${w.m1.id}&from=2026-03-02&to=2026-03-03`)).statusCode).toBe(404);
    expect((await other.get(`/api/v1/users/${w.m1.id}/calendar.ics?from=2026-03-02&to=2026-03-02`)).statusCode).toBe(404);
    const csv = await other.get(`/api/v1/exports/days.csv?from=2026-03-02&to=2026-03-03`);
    expect(csv.body).not.toContain(w.m1.email);
  });
});
