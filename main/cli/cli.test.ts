// The CLI as a person in Kyiv uses it, against a real agent process: it speaks the terminal's
// language, names tasks, categories, outcomes and reasons (never ids or codes), shows local
// 24-hour times, exports what a spreadsheet opens (CSV with a BOM, XLSX read back here), and finds
// a running agent again (`zvit open`, a second `zvit start`). --json keeps the contract's keys.
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentMethod, AgentStatus, ApiInput, ApiOutput } from '../../shared/api.ts';
import { localDateOf, zoneOffsetMs } from '../../shared/time.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import { exited, startAgentProcess, zvit } from '../../test/cli.ts';
import { tempDir } from '../../test/tmp.ts';

const dir = tempDir();
const dataDir = path.join(dir, 'kyiv');
// No desktop session: the agent runs, and says in words what it cannot record.
const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'Europe/Kyiv', DISPLAY: '', WAYLAND_DISPLAY: '', XDG_SESSION_TYPE: '' };
const UK = 'uk_UA.UTF-8';
const RU = 'ru_RU.UTF-8';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
let agent: Awaited<ReturnType<typeof startAgentProcess>>;

async function api<M extends AgentMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const { port, token } = JSON.parse(fs.readFileSync(path.join(dataDir, 'agent.json'), 'utf8')) as { port: number; token: string };
  const res = await fetch(`http://127.0.0.1:${port}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = (await res.json()) as { result: ApiOutput<M>; error?: { message: string } };
  if (!res.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.result;
}
const run = (args: string[], locale = UK) => zvit([...args, '--data-dir', dataDir], env, locale);

/** RFC 4180 rows as objects by header (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  const [header, ...rows] = records;
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

const call = { id: uuidv7(), title: 'Передзвонити ТОВ «Ромашка»' };
const offer = { id: uuidv7(), title: 'Надіслати КП «Будмайстер»' };
let today: string;
/** Kyiv's calendar dates while the test ran: before the 04:00 day start they differ from `today`. */
const calendarDates = () => [...new Set([clockedInAt, Date.now()].map((t) => localDateOf(t, 'Europe/Kyiv', '00:00')))];
let clockedInAt = 0;

beforeAll(async () => {
  fs.mkdirSync(dataDir, { recursive: true });
  const policy = path.join(dataDir, 'policy.json');
  fs.writeFileSync(policy, JSON.stringify({ kpiTargets: { calls_total: 40, revenue: 20000 }, currency: 'UAH', schedule: { days: [] } }));
  agent = await startAgentProcess(dataDir, ['--policy', policy], env);
  clockedInAt = Date.now();
  await api('clockIn', {});
  today = (await api('status', {})).today.date;
  await api('savePlan', { date: today, items: [{ ...call, priority: 1, estimateMin: 30 }, { ...offer, estimateMin: 45 }], commitments: { calls_total: 45, revenue: 25000 } });
  await api('setLabel', { label: `task:${call.id}` });
}, 30_000);
afterAll(async () => {
  agent.kill('SIGTERM');
  await exited(agent);
});

describe('zvit speaks the terminal’s language', () => {
  it('status names the task, not its id, with a 24-hour local time, in Ukrainian and Russian', async () => {
    const uk = await run(['status']);
    expect(uk.code).toBe(0);
    expect(uk.stdout).toMatch(/^Працюю з \d\d:\d\d /);
    expect(uk.stdout).toContain(`над чим: Завдання: ${call.title}`);
    expect(uk.stdout).toContain('Програми не записуються: немає графічного сеансу.');
    expect(uk.stdout).not.toMatch(UUID);
    expect(uk.stdout).not.toContain('task:');
    const ru = await run(['status'], RU);
    expect(ru.stdout).toMatch(/^Работаю с \d\d:\d\d /);
    expect(ru.stdout).toContain('Синхронизация: не подключено к хабу');
    // --lang overrides the system's language; JSON keeps the keys whatever the language.
    expect((await run(['status', '--lang', 'en'])).stdout).toMatch(/^Working since \d\d:\d\d /);
    const json = JSON.parse((await run(['status', '--json'])).stdout) as AgentStatus;
    expect(json.label).toBe(`task:${call.id}`);
    expect(json.tracking.issues).toEqual([
      { source: 'window', code: 'no_display', detail: null },
      { source: 'idle', code: 'no_display', detail: null },
    ]);
  });

  it('a wrong --lang and an unknown command are usage errors in words', async () => {
    const bad = await run(['status', '--lang', 'de']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^--lang буває uk, ru або en/);
    const unknown = await run(['frobnicate'], RU);
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([2, 'Неизвестная команда: frobnicate']);
    expect(unknown.stderr).toContain('Использование: zvit <команда>');
  });

  it('the plan and the report by name: priorities, outcomes, KPI names, reasons, money', async () => {
    await api('clockOut', {});
    await api('submitReport', {
      date: today,
      items: [
        { itemId: call.id, outcome: 'done', comment: 'Домовились на вівторок', minutes: 25 },
        { itemId: offer.id, outcome: 'moved', minutes: 0 },
      ],
      kpis: [
        { key: 'calls_total', target: 40, actual: 31, reason: 'clients_unreachable', reasonText: 'Не брали слухавку' },
        { key: 'revenue', target: 20000, actual: 21500 },
      ],
    });
    const plan = (await run(['plan'])).stdout;
    expect(plan).toContain(`[Високий] ${call.title} — оцінка 30 хв`);
    expect(plan).toMatch(/Виручка: 25\s000,00\s(грн|₴) \(зобов’язання\)/);
    const report = (await run(['report'])).stdout;
    expect(report).toMatch(/^Звіт за .*: подано, редакція 1 з 1/);
    expect(report).toContain(`${call.title}: Виконано, 25 хв — Домовились на вівторок`);
    expect(report).toContain(`${offer.title}: Перенесено на завтра, 0 хв`);
    expect(report).toContain('Дзвінки, усього: 31 з 40 — не досягнуто: Клієнти не відповідали (Не брали слухавку)');
    expect(report).toMatch(/Виручка: 21\s500,00\s(грн|₴) з 20\s000,00\s(грн|₴)/);
    const ru = (await run(['report'], RU)).stdout;
    expect(ru).toContain('Звонки, всего: 31 из 40 — не достигнуто: Клиенты не отвечали');
    for (const out of [plan, report, ru, (await run(['day'])).stdout]) {
      expect(out).not.toMatch(UUID);
      expect(out).not.toMatch(/clients_unreachable|calls_total|not_done|\bmoved\b/);
    }
  });
});

describe('zvit export', () => {
  it('defaults to this week as CSV with a BOM, local times with the zone, and the plan and report as rows', async () => {
    const result = await run(['export']);
    expect(result.code).toBe(0);
    const csv = result.stdout;
    expect(csv.startsWith('\ufeffЗапис,Дата,Початок,Кінець,Часовий пояс,')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    const work = rows.filter((r) => r['Запис'] === 'Робочий час');
    // Local wall-clock time and the zone with its offset, never UTC ISO.
    for (const row of work) {
      expect(row['Початок']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(calendarDates()).toContain(row['Початок']!.slice(0, 10));
      expect(row['Часовий пояс']).toMatch(/^Europe\/(Kyiv|Kiev) \(UTC\+0[23]:00\)$/);
    }
    // The time labelled with a task says the task's title.
    expect(work.some((r) => r['Що'] === 'Робота' && r['Подробиці'] === `Завдання: ${call.title}`)).toBe(true);
    expect(rows.find((r) => r['Запис'] === 'Завдання' && r['Що'] === call.title)).toMatchObject({
      'Дата': today,
      'Пріоритет': 'Високий',
      'Оцінка, хв': '30',
      'Стан / результат': 'Виконано',
      'Тривалість, хв': '25',
      'Коментар': 'Домовились на вівторок',
    });
    expect(rows.find((r) => r['Запис'] === 'Показник' && r['Що'] === 'Дзвінки, усього')).toMatchObject({
      'Ціль': '40',
      'Зобов’язання': '45',
      'Факт': '31',
      'Причина': 'Клієнти не відповідали',
      'Коментар': 'Не брали слухавку',
    });
    expect(rows.find((r) => r['Запис'] === 'Показник' && r['Що'] === 'Виручка')?.['Факт']).toMatch(/^21\s500,00\s(грн|₴)$/);
    expect(rows.find((r) => r['Запис'] === 'Звіт')?.['Стан / результат']).toBe('подано');
    expect(csv).not.toMatch(UUID);
    expect(csv).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });

  it('writes XLSX with a sheet per table, real date-time cells and the words of the chosen language', async () => {
    const file = path.join(dir, 'week.xlsx');
    const result = await run(['export', '--format', 'xlsx', '--out', file], RU);
    expect(result.code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Рабочее время', 'Программы', 'Задачи', 'Показатели', 'Отчёты']);
    const tasks = book.getWorksheet('Задачи')!;
    expect(tasks.getRow(1).values).toEqual([undefined, 'Дата', 'Что', 'Приоритет', 'Оценка, мин', 'Состояние / результат', 'Длительность, мин', 'Подробности', 'Комментарий']);
    expect(tasks.getRow(2).values).toEqual([undefined, today, call.title, 'Высокий', 30, 'Выполнено', 25, undefined, 'Домовились на вівторок']);
    const time = book.getWorksheet('Рабочее время')!;
    const start = time.getRow(2).getCell(2).value;
    expect(start).toBeInstanceOf(Date);
    // The cell holds Kyiv's wall-clock time (spreadsheets have no zones).
    // Read back as Kyiv's wall clock, the first row starts when the test clocked in.
    const startedAt = (start as Date).getTime() - zoneOffsetMs(clockedInAt, 'Europe/Kyiv');
    expect(Math.abs(startedAt - clockedInAt)).toBeLessThan(60_000);
    const kpis = book.getWorksheet('Показатели')!;
    expect(kpis.getRow(2).values).toEqual([undefined, today, 'Звонки, всего', 40, 45, 31, 'Клиенты не отвечали', 'Не брали слухавку']);
  });

  it('JSON keeps the keys and ids, and adds the plan and the report', async () => {
    const json = JSON.parse((await run(['export', '--format', 'json'])).stdout) as { days: { date: string; plan: { items: { id: string }[] } | null }[] };
    expect(json.days.find((d) => d.date === today)?.plan?.items.map((i) => i.id)).toEqual([call.id, offer.id]);
  });
});

describe('finding the running agent again', () => {
  const uiDataDir = path.join(dir, 'browser');
  const uiDir = path.join(dir, 'ui');
  let withUi: Awaited<ReturnType<typeof startAgentProcess>>;
  beforeAll(async () => {
    fs.mkdirSync(uiDir, { recursive: true });
    fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>Zvit</title>');
    withUi = await startAgentProcess(uiDataDir, ['--ui', uiDir], env);
  }, 30_000);
  afterAll(async () => {
    withUi.kill('SIGTERM');
    await exited(withUi);
  });

  it('zvit open prints the address and opens the default browser with it', async () => {
    const opened = path.join(dir, 'opened.txt');
    const browser = path.join(dir, 'browser.sh');
    fs.writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`, { mode: 0o755 });
    const result = await zvit(['open', '--data-dir', uiDataDir], { ...env, BROWSER: browser }, UK);
    expect(result.code).toBe(0);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(result.stdout)?.[1];
    expect(result.stdout).toMatch(/^Відкриваю Zvit у браузері: /);
    for (let i = 0; i < 50 && !fs.existsSync(opened); i++) await new Promise((r) => setTimeout(r, 100));
    expect(fs.readFileSync(opened, 'utf8')).toBe(url);
    // The address works: the page loads from the agent.
    expect((await fetch(url!)).status).toBe(200);
  });

  it('a second zvit start prints the running agent’s address instead of refusing', async () => {
    const result = await zvit(['start', '--data-dir', uiDataDir], env, RU);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Zvit уже работает\. Откройте его в браузере: http:\/\/127\.0\.0\.1:\d+\/#token=/);
  });

  it('without an agent, or with one that has no UI, says so', async () => {
    const none = await zvit(['open', '--data-dir', path.join(dir, 'nobody')], env, UK);
    expect([none.code, none.stderr]).toEqual([3, expect.stringMatching(/^Для .*nobody агент Zvit не запущено/)]);
    const headless = await zvit(['open', '--data-dir', dataDir], env, UK);
    expect([headless.code, headless.stderr]).toEqual([1, expect.stringMatching(/^Агент Zvit працює без інтерфейсу/)]);
  });
});
