// The manager's records for a range of days as tables a person reads: local times with the zone,
// names instead of ids and codes (task titles, categories, outcomes, reasons in the chosen
// language), the day's plan and report with one row per task and per KPI. CSV puts every table in
// one sheet (a "record" column tells them apart); XLSX gives each table its own sheet.
import type { KpiDefinition } from '../../shared/kpi.ts';
import { COMMON } from '../../shared/i18n/common/index.ts';
import { formatDate } from '../../shared/i18n/format.ts';
import { i18nFor, type I18n } from '../../shared/i18n/i18n.ts';
import { categoryName, labelText, type TaskTitle } from '../../shared/i18n/labels.ts';
import { fill } from '../../shared/i18n/fill.ts';
import { translator } from '../../shared/i18n/translate.ts';
import type { CommonSource } from '../../shared/i18n/common/index.ts';
import type { Locale } from '../../shared/locale.ts';
import type { ActivitySpan, Segment } from '../../shared/model.ts';
import type { DayPlan, DayReport } from '../../shared/plan.ts';
import { zoneOffsetMs } from '../../shared/time.ts';
import { workingDayOf, type Session } from '../../shared/working-days.ts';
import type { StoredDecision } from '../store/idle-decisions.ts';
import { EXPORT_WORDS, type ExportWords } from './words.ts';

export interface ExportDay {
  date: string;
  plan: DayPlan | null;
  report: DayReport | null;
}

export interface ExportData {
  from: string;
  to: string;
  zone: string;
  dayStart: string;
  deviceId: string;
  segments: Segment[];
  decisions: StoredDecision[];
  spans: ActivitySpan[];
  /** The working sessions: a row's date is the working day of its session (working-days.ts). */
  sessions: Session[];
  days: ExportDay[];
  kpis: KpiDefinition[];
  currency: string;
}

/** A local wall-clock moment: shown as text, and as a date-time cell in a spreadsheet. */
export interface LocalTime {
  kind: 'time';
  /** 'YYYY-MM-DD HH:MM:SS' in the zone. */
  text: string;
  /** The same wall-clock reading as a UTC Date (spreadsheets have no zones). */
  wall: Date;
}
export type Cell = string | number | LocalTime | null;

export type Column = keyof ExportWords['columns'];
export interface Table {
  name: keyof ExportWords['sheets'];
  columns: Column[];
  rows: Partial<Record<Column, Cell>>[];
}

const common = translator<CommonSource>(COMMON);

function localTime(instant: number, zone: string): LocalTime {
  const wall = new Date(instant + zoneOffsetMs(instant, zone));
  return { kind: 'time', text: wall.toISOString().slice(0, 19).replace('T', ' '), wall };
}

/** "Europe/Kyiv (UTC+02:00)": the zone, and its offset at that moment (it moves with DST). */
function zoneText(instant: number, zone: string): string {
  const offset = Math.round(zoneOffsetMs(instant, zone) / 60_000);
  const sign = offset < 0 ? '−' : '+';
  const abs = Math.abs(offset);
  return `${zone} (UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')})`;
}

const minutes = (ms: number) => Math.round((ms / 60_000) * 100) / 100;

export function buildTables(data: ExportData, locale: Locale): Table[] {
  const i18n: I18n = i18nFor(locale, common);
  const words = EXPORT_WORDS[locale];
  const dateOf = (t: number) => workingDayOf(t, data.zone, data.dayStart, data.sessions);
  const decisions = new Map(data.decisions.map((d) => [d.gapId, d]));
  const tasks: TaskTitle[] = data.days.flatMap((d) => d.plan?.items ?? []);
  const kpiName = (key: string) => data.kpis.find((k) => k.key === key)?.names[locale] ?? key;
  const kpiValue = (key: string, value: number | null | undefined) =>
    value === null || value === undefined ? null : data.kpis.find((k) => k.key === key)?.unit === 'money' ? i18n.money(value, data.currency) : value;

  const time: Table = { name: 'time', columns: ['record', 'date', 'start', 'end', 'zone', 'minutes', 'what', 'detail'], rows: [] };
  for (const s of [...data.segments].sort((a, b) => a.start - b.start)) {
    const decided = s.gapId ? decisions.get(s.gapId) : undefined;
    // Time away is what the manager decided it was; undecided, it says so.
    let what: string;
    let detail: string | null = null;
    if (s.kind === 'idle' && decided) {
      what = i18n.t(decided.decision === 'keep' ? 'kind.work' : decided.decision === 'break' ? 'kind.break' : 'kind.discarded');
      detail = [decided.label ? labelText(i18n, decided.label, tasks) : null, words.keptAway].filter(Boolean).join(', ');
    } else {
      what = i18n.t(`kind.${s.kind}`);
      if (s.label) detail = labelText(i18n, s.label, tasks);
    }
    time.rows.push({
      record: words.records.time,
      date: dateOf(s.start),
      start: localTime(s.start, data.zone),
      end: localTime(s.end, data.zone),
      zone: zoneText(s.start, data.zone),
      minutes: minutes(s.end - s.start),
      what,
      detail,
    });
  }

  const apps: Table = { name: 'apps', columns: ['record', 'date', 'start', 'end', 'zone', 'minutes', 'what', 'detail', 'category', 'state'], rows: [] };
  for (const s of [...data.spans].sort((a, b) => a.start - b.start)) {
    apps.rows.push({
      record: words.records.app,
      date: dateOf(s.start),
      start: localTime(s.start, data.zone),
      end: localTime(s.end, data.zone),
      zone: zoneText(s.start, data.zone),
      minutes: minutes(s.end - s.start),
      what: s.app,
      detail: s.domain ?? s.title,
      category: categoryName(i18n, s.category),
      state: i18n.t(`productivity.${s.productivity}`),
    });
  }

  const taskTable: Table = { name: 'tasks', columns: ['record', 'date', 'what', 'priority', 'estimate', 'state', 'minutes', 'detail', 'comment'], rows: [] };
  const kpiTable: Table = { name: 'kpis', columns: ['record', 'date', 'what', 'target', 'commitment', 'actual', 'reason', 'comment'], rows: [] };
  const reports: Table = { name: 'reports', columns: ['record', 'date', 'state', 'what', 'comment'], rows: [] };
  for (const day of data.days) {
    const last = day.report?.revisions.at(-1);
    const outcomes = new Map(last?.items.map((i) => [i.itemId, i]) ?? []);
    // One row per planned task, with what the report said of it.
    for (const item of day.plan?.items ?? []) {
      const outcome = outcomes.get(item.id);
      taskTable.rows.push({
        record: words.records.task,
        date: day.date,
        what: item.title,
        priority: i18n.t(`priority.${item.priority}`),
        estimate: item.estimateMin || null,
        state: outcome ? i18n.t(`outcome.${outcome.outcome}`) : null,
        minutes: outcome?.minutes ?? null,
        detail: item.carriedFrom ? fill(words.carriedFrom, { date: formatDate(locale, item.carriedFrom, false) }) : null,
        comment: outcome?.comment || null,
      });
    }
    for (const u of last?.unplanned ?? []) {
      taskTable.rows.push({ record: words.records.unplanned, date: day.date, what: u.title, minutes: u.minutes, comment: u.comment || null });
    }
    // One row per KPI of the day: the lead's target, the manager's commitment, the actual, why missed.
    const keys = [...new Set([...Object.keys(day.plan?.commitments ?? {}), ...(last?.kpis.map((k) => k.key) ?? [])])];
    for (const key of keys) {
      const actual = last?.kpis.find((k) => k.key === key);
      kpiTable.rows.push({
        record: words.records.kpi,
        date: day.date,
        what: kpiName(key),
        target: kpiValue(key, actual?.target),
        commitment: kpiValue(key, day.plan?.commitments[key]),
        actual: kpiValue(key, actual?.actual),
        reason: actual?.reason ? i18n.t(`reason.${actual.reason}`) : null,
        comment: actual?.reasonText || null,
      });
    }
    if (day.plan || day.report) {
      reports.rows.push({
        record: words.records.report,
        date: day.date,
        state: day.report ? i18n.t(`report.status.${day.report.status}`) : words.notFiled,
        what: day.report?.reviewComment ? words.leadComment : null,
        comment: day.report?.reviewComment ?? null,
      });
      if (last?.blockers) reports.rows.push({ record: words.records.report, date: day.date, what: words.records.blockers, comment: last.blockers });
      if (last?.note) reports.rows.push({ record: words.records.report, date: day.date, what: words.records.note, comment: last.note });
    }
  }
  return [time, apps, taskTable, kpiTable, reports];
}

/** All columns any table uses, in one order: the header of the single CSV sheet. */
export const CSV_COLUMNS: Column[] = ['record', 'date', 'start', 'end', 'zone', 'minutes', 'what', 'detail', 'category', 'state', 'priority', 'estimate', 'target', 'commitment', 'actual', 'reason', 'comment'];
