// The users × days grid as files: CSV (UTF-8 with a BOM, so Excel reads Cyrillic right; times in
// each manager's own zone) and XLSX (exceljs), and a manager's time blocks as iCalendar
// (ical-generator). The same rows as the grid screen, from the day rollups.
import ExcelJS from 'exceljs';
import ical from 'ical-generator';
import type { DayRow } from '../../../shared/dashboard-api.ts';
import type { DaySummary } from '../../../shared/days.ts';

export type ExportLocale = 'uk' | 'ru' | 'en';

export interface GridUser {
  id: string;
  name: string;
  email: string;
  teamName: string | null;
  zone: string;
}

const COLUMNS = ['name', 'email', 'team', 'date', 'scheduled', 'worked', 'breaks', 'idleKept', 'idleBreak', 'idleDiscarded', 'idlePending', 'paused', 'first', 'last', 'late', 'plan', 'planItems', 'report', 'reportLate', 'kpiHit', 'kpiMissed'] as const;
type Column = (typeof COLUMNS)[number];

const HEADERS: Record<ExportLocale, Record<Column, string>> = {
  uk: {
    name: 'Менеджер', email: 'Email', team: 'Команда', date: 'Дата', scheduled: 'Робочий день', worked: 'Відпрацьовано, хв', breaks: 'Перерви, хв',
    idleKept: 'Простій як робота, хв', idleBreak: 'Простій як перерва, хв', idleDiscarded: 'Простій відкинуто, хв', idlePending: 'Простій без рішення, хв', paused: 'Пауза, хв',
    first: 'Початок', last: 'Кінець', late: 'Запізнення, хв', plan: 'План', planItems: 'Завдань у плані', report: 'Звіт', reportLate: 'Звіт із запізненням', kpiHit: 'KPI виконано', kpiMissed: 'KPI не виконано',
  },
  ru: {
    name: 'Менеджер', email: 'Email', team: 'Команда', date: 'Дата', scheduled: 'Рабочий день', worked: 'Отработано, мин', breaks: 'Перерывы, мин',
    idleKept: 'Простой как работа, мин', idleBreak: 'Простой как перерыв, мин', idleDiscarded: 'Простой отброшен, мин', idlePending: 'Простой без решения, мин', paused: 'Пауза, мин',
    first: 'Начало', last: 'Конец', late: 'Опоздание, мин', plan: 'План', planItems: 'Задач в плане', report: 'Отчёт', reportLate: 'Отчёт с опозданием', kpiHit: 'KPI выполнено', kpiMissed: 'KPI не выполнено',
  },
  en: {
    name: 'Manager', email: 'Email', team: 'Team', date: 'Date', scheduled: 'Working day', worked: 'Worked, min', breaks: 'Breaks, min',
    idleKept: 'Idle kept as work, min', idleBreak: 'Idle taken as break, min', idleDiscarded: 'Idle discarded, min', idlePending: 'Idle undecided, min', paused: 'Paused, min',
    first: 'First activity', last: 'Last activity', late: 'Late start, min', plan: 'Plan', planItems: 'Plan items', report: 'Report', reportLate: 'Report late', kpiHit: 'KPIs hit', kpiMissed: 'KPIs missed',
  },
};

const WORDS: Record<ExportLocale, { yes: string; no: string; states: Record<DayRow['report']['state'], string> }> = {
  uk: { yes: 'так', no: 'ні', states: { none: '—', missing: 'немає', submitted: 'подано', returned: 'повернуто', approved: 'прийнято' } },
  ru: { yes: 'да', no: 'нет', states: { none: '—', missing: 'нет', submitted: 'сдан', returned: 'возвращён', approved: 'принят' } },
  en: { yes: 'yes', no: 'no', states: { none: '—', missing: 'missing', submitted: 'submitted', returned: 'returned', approved: 'approved' } },
};

const minutes = (ms: number) => Math.round(ms / 60_000);

/** 'HH:MM' on the 24-hour clock in the manager's zone. */
export function localTime(ms: number | null, zone: string): string {
  if (ms === null) return '';
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

function values(user: GridUser, d: DayRow, locale: ExportLocale): Record<Column, string | number> {
  const w = WORDS[locale];
  const yn = (b: boolean) => (b ? w.yes : w.no);
  return {
    name: user.name, email: user.email, team: user.teamName ?? '', date: d.date, scheduled: yn(d.scheduled),
    worked: minutes(d.workedMs), breaks: minutes(d.breakMs), idleKept: minutes(d.idle.keptMs), idleBreak: minutes(d.idle.breakMs),
    idleDiscarded: minutes(d.idle.discardedMs), idlePending: minutes(d.idle.pendingMs), paused: minutes(d.pausedMs),
    first: localTime(d.firstActivity, user.zone), last: localTime(d.lastActivity, user.zone), late: d.lateStartMs === null ? '' : minutes(d.lateStartMs),
    plan: yn(d.plan.filed), planItems: d.plan.items, report: w.states[d.report.state], reportLate: d.report.reportId ? yn(d.report.late) : '',
    kpiHit: d.kpis.hit, kpiMissed: d.kpis.missed,
  };
}

function csvField(v: string | number, sep: string): string {
  const s = String(v);
  return s.includes(sep) || /["\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Excel in Ukrainian and Russian settings splits on ';' (the comma is their decimal mark), in
 * English on ','. Durations are whole minutes, so no decimal mark is ever needed.
 */
export function gridCsv(rows: { user: GridUser; days: DayRow[] }[], locale: ExportLocale): string {
  const sep = locale === 'en' ? ',' : ';';
  const lines = [COLUMNS.map((c) => csvField(HEADERS[locale][c], sep)).join(sep)];
  for (const { user, days } of rows) for (const d of days) {
    const v = values(user, d, locale);
    lines.push(COLUMNS.map((c) => csvField(v[c], sep)).join(sep));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export async function gridXlsx(rows: { user: GridUser; days: DayRow[] }[], locale: ExportLocale, title: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Zvit';
  const sheet = book.addWorksheet(title.slice(0, 31) || 'Zvit', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ header: HEADERS[locale][c], key: c, width: Math.max(10, HEADERS[locale][c].length + 2) }));
  sheet.getRow(1).font = { bold: true };
  for (const { user, days } of rows) for (const d of days) sheet.addRow(values(user, d, locale));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The day's work, break and kept-idle blocks as calendar events (UTC instants, exact across DST). */
export function calendarIcs(name: string, userId: string, days: readonly DaySummary[], locale: ExportLocale): string {
  const label = { uk: { work: 'Робота', break: 'Перерва' }, ru: { work: 'Работа', break: 'Перерыв' }, en: { work: 'Work', break: 'Break' } }[locale];
  const cal = ical({ name, prodId: { company: 'Zvit', product: 'hub', language: locale.toUpperCase() } });
  for (const day of days) {
    for (const e of day.timeline) {
      if (e.kind !== 'work' && e.kind !== 'break') continue;
      const summary = e.kind === 'work' ? (e.label ? `${label.work}: ${e.label}` : label.work) : label.break;
      cal.createEvent({ id: `${userId}-${e.kind}-${e.start}@zvit`, start: new Date(e.start), end: new Date(e.end), summary, stamp: new Date(day.from) });
    }
  }
  return cal.toString();
}
