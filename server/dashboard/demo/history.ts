// A sales department's history, made by code: managers with their own habits (early and late
// starters, long lunches, idle kept as calls, missed KPIs with reasons, one who often forgets the
// report), their working days for the last N working days up to yesterday and today's day so far.
//
// The days are recorded by the real agent (agent-days.ts: its tracker, idle detection, store and
// outbox) and the plans and reports written by its store, so every record has exactly the
// wire shape an agent sends. Recording every manager-day tick by tick would take minutes, so each
// habit's agent records a few template days and the other days are those templates moved to their
// date (and a little earlier or later): ids are stamped anew at the moved times, in the same
// order, so the log order stays the id order as with a real agent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalStore } from '../../../main/store/local-store.ts';
import { Outbox } from '../../../main/sync/outbox.ts';
import type { MissReason } from '../../../shared/kpi.ts';
import type { PlanItem, ReportContent } from '../../../shared/plan.ts';
import type { SyncRecord } from '../../../shared/sync.ts';
import { addDays, localDateOf, localTimeToUtc } from '../../../shared/time.ts';
import { bytesToUuid } from '../../../shared/uuid.ts';
import { recordDays, type DayStep, type ScriptedDay, type Window } from './agent-days.ts';

export const DEMO_ZONE = 'Europe/Kyiv';

export interface HistoryOptions {
  managers: number;
  /** Working days (Monday to Friday) of history up to yesterday. */
  days: number;
  /** About how many activity spans (window switches) one manager's day has. */
  spansPerDay: number;
  /** The instant the history runs up to: today's day so far ends here. */
  now: number;
  zone?: string;
  seed?: number;
  /** Template days each habit's agent records (more: more varied days, slower). */
  templates?: number;
}

/** How one manager works. */
export interface Habit {
  name: string;
  /** Usual clock-in, minutes after local midnight. */
  startMin: number;
  /** Usual minutes from clock-in to clock-out. */
  lengthMin: number;
  lunchMin: number;
  /** Idle gaps a day that the manager keeps as calls (the phone, away from the keyboard). */
  callsKept: number;
  /** Share of days the report is not filed. */
  forgetsReport: number;
  /** Share of KPIs missed (with a reason). */
  missesKpi: number;
  /** Calls a day, about. */
  calls: number;
  /** A holiday: working days off, counted from the start of the history (null: none). */
  holiday: [number, number] | null;
}

export const HABITS: readonly Habit[] = [
  { name: 'Олена Коваль', startMin: 8 * 60 + 5, lengthMin: 9 * 60, lunchMin: 40, callsKept: 1, forgetsReport: 0.02, missesKpi: 0.08, calls: 48, holiday: null },
  { name: 'Андрій Мельник', startMin: 10 * 60 + 40, lengthMin: 8 * 60 + 50, lunchMin: 30, callsKept: 1, forgetsReport: 0.05, missesKpi: 0.2, calls: 40, holiday: null },
  { name: 'Ірина Шевченко', startMin: 9 * 60, lengthMin: 9 * 60 + 30, lunchMin: 95, callsKept: 0, forgetsReport: 0.05, missesKpi: 0.15, calls: 42, holiday: [30, 39] },
  { name: 'Дмитро Бондаренко', startMin: 9 * 60 + 25, lengthMin: 8 * 60, lunchMin: 45, callsKept: 1, forgetsReport: 0.45, missesKpi: 0.3, calls: 35, holiday: null },
  { name: 'Марія Ткаченко', startMin: 8 * 60 + 45, lengthMin: 8 * 60 + 40, lunchMin: 35, callsKept: 3, forgetsReport: 0.03, missesKpi: 0.1, calls: 52, holiday: null },
  { name: 'Сергій Кравченко', startMin: 9 * 60 + 10, lengthMin: 8 * 60 + 20, lunchMin: 50, callsKept: 1, forgetsReport: 0.08, missesKpi: 0.45, calls: 30, holiday: null },
  { name: 'Тетяна Олійник', startMin: 7 * 60 + 50, lengthMin: 8 * 60 + 30, lunchMin: 30, callsKept: 2, forgetsReport: 0.04, missesKpi: 0.12, calls: 45, holiday: [55, 59] },
  { name: 'Володимир Поліщук', startMin: 11 * 60, lengthMin: 8 * 60 + 15, lunchMin: 40, callsKept: 1, forgetsReport: 0.1, missesKpi: 0.25, calls: 38, holiday: null },
  { name: 'Катерина Савченко', startMin: 9 * 60 + 5, lengthMin: 9 * 60, lunchMin: 120, callsKept: 0, forgetsReport: 0.06, missesKpi: 0.18, calls: 40, holiday: null },
  { name: 'Максим Руденко', startMin: 8 * 60 + 30, lengthMin: 8 * 60 + 45, lunchMin: 35, callsKept: 2, forgetsReport: 0.05, missesKpi: 0.1, calls: 50, holiday: null },
  { name: 'Юлія Марченко', startMin: 9 * 60 + 50, lengthMin: 7 * 60 + 45, lunchMin: 45, callsKept: 1, forgetsReport: 0.15, missesKpi: 0.35, calls: 33, holiday: [10, 14] },
  { name: 'Богдан Гончаренко', startMin: 8 * 60 + 55, lengthMin: 8 * 60 + 30, lunchMin: 40, callsKept: 1, forgetsReport: 0.07, missesKpi: 0.2, calls: 41, holiday: null },
];

export const TEAMS = ['Продажі Київ', 'Продажі Львів'] as const;
export const LEADS = [
  { name: 'Наталія Лисенко', email: 'lead.kyiv@zvit-demo.test', team: 0 },
  { name: 'Віктор Романенко', email: 'lead.lviv@zvit-demo.test', team: 1 },
] as const;

/** The targets each team's lead set (per day, and revenue per month). */
export const TEAM_TARGETS = [
  [
    { key: 'calls_total', period: 'day' as const, value: 40 },
    { key: 'meetings', period: 'day' as const, value: 2 },
    { key: 'proposals_sent', period: 'day' as const, value: 3 },
    { key: 'revenue', period: 'month' as const, value: 450_000 },
  ],
  [
    { key: 'calls_total', period: 'day' as const, value: 35 },
    { key: 'meetings', period: 'day' as const, value: 2 },
    { key: 'proposals_sent', period: 'day' as const, value: 2 },
    { key: 'revenue', period: 'month' as const, value: 380_000 },
  ],
];

const WINDOWS: readonly Window[] = [
  { app: 'Google Chrome', title: 'Угода №1042 — ТОВ «Ромашка» — Бітрікс24', domain: 'acme.bitrix24.ua' },
  { app: 'Google Chrome', title: 'Контакти — Бітрікс24', domain: 'acme.bitrix24.ua' },
  { app: 'Google Chrome', title: 'Вхідні — Gmail', domain: 'mail.google.com' },
  { app: 'Google Chrome', title: 'Прайс-лист 2026 — Google Таблиці', domain: 'docs.google.com' },
  { app: 'Google Chrome', title: 'YouTube', domain: 'youtube.com' },
  { app: 'Telegram', title: 'Олег Дорошенко' },
  { app: 'Telegram', title: 'Відділ продажів' },
  { app: 'Viber', title: 'ФОП Гнатюк' },
  { app: 'MicroSIP', title: 'Дзвінок +380 44 000 00 00' },
  { app: 'LibreOffice Calc', title: 'КП_Ромашка.ods' },
  { app: 'LibreOffice Writer', title: 'Договір поставки №17.odt' },
];

const TASKS = [
  'Передзвонити ТОВ «Ромашка» щодо КП',
  'Надіслати договір ФОП Гнатюк',
  'Обдзвонити нові ліди з сайту',
  'Презентація для «Агро-Світ»',
  'Уточнити оплату рахунку №318',
  'Зустріч з «Будмайстер» о 15:00',
  'Оновити угоди в CRM',
  'Підготувати КП для «Трейд-Сервіс»',
  'Нагадати про прострочену оплату',
  'Дзвінок постійним клієнтам (повторні продажі)',
];

const MISS_TEXT: Partial<Record<MissReason, string>> = {
  other: 'Половину дня навчання з новим продуктом',
};
const MISS_CHOICES: readonly MissReason[] = ['few_leads', 'clients_unreachable', 'client_postponed', 'technical_issue', 'other_tasks', 'other'];

/** A small deterministic random source (the same seed makes the same history). */
export function randomSource(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const isWeekday = (date: string) => {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d !== 0 && d !== 6;
};

/** The last `n` working days (Monday to Friday) before `today`, oldest first. */
export function workingDaysBefore(today: string, n: number): string[] {
  const out: string[] = [];
  for (let d = addDays(today, -1); out.length < n; d = addDays(d, -1)) if (isWeekday(d)) out.push(d);
  return out.reverse();
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The instant a record says it happened (what ids are stamped with). */
function recordTime(r: SyncRecord): number {
  switch (r.kind) {
    case 'work_event':
    case 'idle_decision':
      return r.at;
    case 'activity_span':
      return r.start;
    default:
      return r.submittedAt;
  }
}

/**
 * UUIDv7s stamped at given instants, in the order asked for: within one millisecond a counter
 * keeps them ordered, and an instant earlier than the previous one (a pause back-dated to the
 * last input) takes the previous stamp, as the agent's own uuidv7 does, so the log order stays
 * the id order.
 */
export class IdStamper {
  private lastMs = -1;
  private counter = 0;

  at(ms: number): string {
    const stamp = Math.max(this.lastMs, Math.floor(ms));
    if (stamp === this.lastMs) this.counter++;
    else {
      this.lastMs = stamp;
      this.counter = 0;
    }
    if (this.counter > 0xfff) {
      // 4096 ids in one millisecond: borrow the next one rather than repeat.
      this.lastMs++;
      this.counter = 0;
    }
    // The random bits need only make ids unique, not unguessable (a web crypto call per id is
    // most of the cost of restamping a big history).
    const bytes = new Uint8Array(16);
    for (let i = 6; i < 16; i += 4) {
      const r = (Math.random() * 2 ** 32) >>> 0;
      bytes[i] = r & 0xff;
      bytes[i + 1] = (r >>> 8) & 0xff;
      if (i + 2 < 16) bytes[i + 2] = (r >>> 16) & 0xff;
      if (i + 3 < 16) bytes[i + 3] = r >>> 24;
    }
    const high = Math.floor(this.lastMs / 2 ** 32);
    const low = this.lastMs >>> 0;
    bytes.set([(high >>> 8) & 0xff, high & 0xff, low >>> 24, (low >>> 16) & 0xff, (low >>> 8) & 0xff, low & 0xff], 0);
    bytes[6] = 0x70 | ((this.counter >> 8) & 0x0f);
    bytes[7] = this.counter & 0xff;
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    return bytesToUuid(bytes);
  }
}

/** A template day's records, moved by `shift` ms, re-stamped and given to `deviceId`. */
function moveDay(records: readonly SyncRecord[], shift: number, deviceId: string, ids: IdStamper): SyncRecord[] {
  const sorted = [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const newIds = new Map<string, string>();
  const out: SyncRecord[] = [];
  for (const r of sorted) {
    const id = ids.at(recordTime(r) + shift);
    newIds.set(r.id, id);
    switch (r.kind) {
      case 'work_event': {
        const data = r.data ? { ...r.data } : undefined;
        if (data?.downFrom !== undefined) data.downFrom += shift;
        if (data?.from !== undefined) data.from += shift;
        out.push({ ...r, id, deviceId, at: r.at + shift, ...(data ? { data } : {}) });
        break;
      }
      case 'activity_span':
        out.push({ ...r, id, deviceId, start: r.start + shift, end: r.end + shift });
        break;
      case 'idle_decision':
        out.push({ ...r, id, deviceId, at: r.at + shift, gapId: newIds.get(r.gapId) ?? r.gapId });
        break;
      default:
        throw new Error(`a template day holds only what the tracker records, not ${r.kind}`);
    }
  }
  return out;
}

/** The scripted day of a habit: clock-in jittered, the lunch, idle gaps kept as calls, a meeting. */
function scriptDay(habit: Habit, date: string, random: () => number, lengthMin = habit.lengthMin): ScriptedDay {
  const jitter = Math.round((random() - 0.5) * 30);
  const minutes = Math.max(60, lengthMin + Math.round((random() - 0.5) * 40));
  const steps: DayStep[] = [];
  const lunchAt = Math.round(minutes * (0.4 + random() * 0.15));
  steps.push({ at: lunchAt, kind: 'break', minutes: Math.max(10, habit.lunchMin + Math.round((random() - 0.5) * 20)) });
  for (let i = 0; i < habit.callsKept; i++) {
    steps.push({ at: Math.round(minutes * (0.1 + random() * 0.8)), kind: 'idle', minutes: 8 + Math.round(random() * 25), decision: 'keep', label: 'call' });
  }
  // A gap now and then the manager says was a break, or discards.
  if (random() < 0.3) steps.push({ at: Math.round(minutes * (0.2 + random() * 0.7)), kind: 'idle', minutes: 10 + Math.round(random() * 15), decision: random() < 0.5 ? 'break' : 'discard' });
  if (random() < 0.25) steps.push({ at: Math.round(minutes * (0.6 + random() * 0.3)), kind: 'label', label: 'meeting' });
  // Steps that overlap another are dropped by the recorder; keep them apart.
  steps.sort((a, b) => a.at - b.at);
  const apart: DayStep[] = [];
  let free = 0;
  for (const s of steps) {
    if (s.at < free) continue;
    apart.push(s);
    free = s.at + ('minutes' in s ? s.minutes : 0) + 5;
  }
  return { date, clockIn: hhmm(Math.max(4 * 60 + 30, habit.startMin + jitter)), minutes, clockOut: true, steps: apart };
}

/** The agent's recording parameters for about `spansPerDay` switches in an 8–9 hour day. */
function pace(spansPerDay: number): { switchEvery: number; tickSeconds: number } {
  // A switch picks a window at random; one in WINDOWS.length picks the same one (no new span).
  const switches = (spansPerDay * WINDOWS.length) / (WINDOWS.length - 1);
  const switchEvery = Math.max(0.05, (8.5 * 60) / Math.max(1, switches));
  // The agent is told of each switch (as by X11); between switches a sample only has to come
  // before the idle threshold (300 s by default) would pass while the person is at work.
  return { switchEvery, tickSeconds: Math.max(1, Math.min(240, Math.floor(switchEvery * 60))) };
}

/** Records one habit's template days with the real agent; the records of each day apart. */
async function recordTemplates(habit: Habit, dates: readonly string[], spansPerDay: number, zone: string, random: () => number, seed: number): Promise<{ date: string; records: SyncRecord[] }[]> {
  const days = dates.map((d) => scriptDay(habit, d, random));
  const recorded = await recordDays({ zone, days, windows: WINDOWS, seed, ...pace(spansPerDay) });
  const starts = days.map((d) => localTimeToUtc(d.date, d.clockIn, zone));
  const out = dates.map((date) => ({ date, records: [] as SyncRecord[] }));
  for (const r of recorded.records) {
    const t = recordTime(r);
    let i = starts.length - 1;
    while (i > 0 && t < starts[i]!) i--;
    out[i]!.records.push(r);
  }
  return out;
}

export interface ManagerSeed {
  index: number;
  name: string;
  email: string;
  team: number;
  habit: Habit;
  /** A device id for the manager's agent, and every record in wire form, oldest first. */
  deviceId: string;
  records: SyncRecord[];
  /** The reports filed, by date: their ids, KPIs missed, and when filed. */
  reports: { date: string; reportId: string; revision: number; missed: number; submittedAt: number }[];
}

export interface History {
  today: string;
  dates: string[];
  /** How many managers there are; each one's days are made when asked for (one at a time fits in memory). */
  managerCount: number;
  /** Who the manager is, without their records. */
  who(m: number): Pick<ManagerSeed, 'index' | 'name' | 'email' | 'team'>;
  manager(m: number): Promise<ManagerSeed>;
  /** Removes what the plan stores kept on disk. */
  close(): void;
}

/** Writes the day's plan and (unless forgotten) report through the agent's store. */
function planAndReport(
  store: LocalStore,
  opts: { date: string; zone: string; habit: Habit; team: number; random: () => number; clockInAt: number; clockOutAt: number | null; forget: boolean; notAfter: number },
): void {
  const { date, zone, habit, random } = opts;
  const n = 3 + Math.floor(random() * 3);
  const offset = Math.floor(random() * TASKS.length);
  const planAt = Math.min(opts.notAfter, opts.clockInAt + 5 * 60_000 + Math.floor(random() * 15 * 60_000));
  const ids = new IdStamper();
  const items: PlanItem[] = Array.from({ length: n }, (_, i) => ({
    id: ids.at(planAt - 60_000 + i),
    title: TASKS[(offset + i) % TASKS.length]!,
    crm: null,
    priority: ((i % 3) + 1) as 1 | 2 | 3,
    estimateMin: 15 + 15 * Math.floor(random() * 6),
    carriedFrom: null,
  }));
  const targets = TEAM_TARGETS[opts.team]!;
  const commit = (key: string) => targets.find((t) => t.key === key)!.value;
  store.plans.save({ date, items, commitments: { calls_total: commit('calls_total'), meetings: commit('meetings') }, note: '' }, planAt, zone);
  if (opts.clockOutAt === null || opts.forget) return;
  const kpi = (key: string, typical: number) => {
    const target = commit(key);
    const missed = random() < habit.missesKpi;
    const actual = missed ? Math.max(0, Math.floor(target * (0.5 + random() * 0.45))) : Math.round(target + random() * Math.max(2, typical - target + 6));
    const reason = missed ? MISS_CHOICES[Math.floor(random() * MISS_CHOICES.length)]! : null;
    return { key, target, actual, reason, reasonText: reason ? (MISS_TEXT[reason] ?? '') : '' };
  };
  const report: ReportContent = {
    date,
    items: items.map((item) => {
      const r = random();
      return { itemId: item.id, outcome: r < 0.7 ? 'done' : r < 0.85 ? 'partial' : r < 0.95 ? 'moved' : 'not_done', comment: r >= 0.85 ? 'Клієнт попросив перенести на завтра' : '', minutes: item.estimateMin };
    }),
    unplanned: random() < 0.3 ? [{ id: ids.at(planAt), title: 'Вхідний запит від нового клієнта', minutes: 20, comment: '' }] : [],
    kpis: [kpi('calls_total', habit.calls), kpi('meetings', 3), kpi('proposals_sent', 4)],
    blockers: random() < 0.1 ? 'CRM довго відповідала після обіду' : '',
    note: '',
  };
  // Filed after clocking out, now and then only the next morning (late).
  const late = random() < 0.08;
  const at = opts.clockOutAt + (late ? 14 * 3600_000 : 3 * 60_000 + Math.floor(random() * 20 * 60_000));
  store.reports.add(report, at, zone);
}

export function demoEmail(index: number): string {
  const base = HABITS[index % HABITS.length]!.name;
  const latin: Record<string, string> = {
    Олена: 'olena', Андрій: 'andrii', Ірина: 'iryna', Дмитро: 'dmytro', Марія: 'mariia', Сергій: 'serhii', Тетяна: 'tetiana', Володимир: 'volodymyr', Катерина: 'kateryna', Максим: 'maksym', Юлія: 'yuliia', Богдан: 'bohdan',
  };
  const first = latin[base.split(' ')[0]!] ?? 'manager';
  return index < HABITS.length ? `${first}@zvit-demo.test` : `${first}.${index}@zvit-demo.test`;
}

/**
 * Prepares the history: per habit a few template days recorded by the real agent. Each manager's
 * days (templates moved to their dates), plans and reports, and today's day so far are made when
 * `manager(m)` is called.
 */
export async function generateHistory(options: HistoryOptions): Promise<History> {
  const zone = options.zone ?? DEMO_ZONE;
  const seed = options.seed ?? 20261128;
  const random = randomSource(seed);
  const now = options.now;
  const today = localDateOf(now, zone);
  const dates = workingDaysBefore(today, options.days);
  const templateCount = Math.min(options.templates ?? 5, dates.length);
  const habitsUsed = Math.min(HABITS.length, options.managers);

  // Template days: recorded on the first dates of the history (the moved copies keep their
  // local times, whatever the UTC offset of the date they move to).
  const templates: { date: string; records: SyncRecord[] }[][] = [];
  for (let h = 0; h < habitsUsed; h++) {
    templates.push(await recordTemplates(HABITS[h]!, dates.slice(0, templateCount), options.spansPerDay, zone, random, seed + h));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-demo-plans-'));
  const who = (m: number) => {
    const habit = HABITS[m % HABITS.length]!;
    return { index: m, name: m < HABITS.length ? habit.name : `${habit.name} ${Math.floor(m / HABITS.length) + 1}`, email: demoEmail(m), team: m % HABITS.length < HABITS.length / 2 ? 0 : 1 };
  };

  async function manager(m: number): Promise<ManagerSeed> {
    const h = m % HABITS.length;
    const habit = HABITS[h]!;
    const { team } = who(m);
    const ids = new IdStamper();
    const file = path.join(dir, `m${m}.db`);
    const store = LocalStore.open(file, () => now);
    try {
      const deviceId = store.deviceId;
      const tracked: SyncRecord[] = [];
      const r = randomSource(seed * 31 + m);
      dates.forEach((date, i) => {
        if (habit.holiday && i >= habit.holiday[0] && i <= habit.holiday[1]) return;
        // A sick day now and then.
        if (r() < 0.015) return;
        const k = Math.floor(r() * templateCount);
        const template = templates[h % habitsUsed]![k]!;
        // Managers sharing a habit (more than 12) start up to half an hour apart.
        const extra = m >= HABITS.length ? Math.round((r() - 0.5) * 30) : 0;
        const shift = localTimeToUtc(date, '00:00', zone) - localTimeToUtc(template.date, '00:00', zone) + (Math.round((r() - 0.5) * 20) + extra) * 60_000;
        const moved = moveDay(template.records, shift, deviceId, ids);
        for (const x of moved) tracked.push(x);
        let clockIn = Infinity;
        let clockOut = -Infinity;
        for (const x of moved) {
          if (x.kind !== 'work_event') continue;
          clockIn = Math.min(clockIn, x.at);
          clockOut = Math.max(clockOut, x.at);
        }
        planAndReport(store, { date, zone, habit, team, random: r, clockInAt: clockIn, clockOutAt: clockOut, forget: r() < habit.forgetsReport, notAfter: now });
      });

      // Today so far: the day is recorded up to now (still clocked in, or done for the day).
      const todayDay = scriptDay(habit, today, r);
      const inAt = localTimeToUtc(today, todayDay.clockIn, zone);
      // The recorder may run a sample past a scripted step; a few minutes' margin keeps every
      // record in the past.
      const elapsed = Math.floor((now - inAt) / 60_000) - 5;
      if (elapsed >= 5) {
        const open = elapsed < todayDay.minutes;
        const day: ScriptedDay = { ...todayDay, minutes: Math.min(elapsed, todayDay.minutes), clockOut: !open, steps: todayDay.steps.filter((s) => s.at + ('minutes' in s ? s.minutes : 0) < elapsed - 1) };
        const recorded = await recordDays({ zone, days: [day], windows: WINDOWS, seed: seed + 1000 + m, ...pace(options.spansPerDay) });
        // Anything the last sample ran past now stays on the agent, as if not yet sent.
        const moved = moveDay(recorded.records, 0, deviceId, ids).filter((x) => (x.kind === 'activity_span' ? x.end : recordTime(x)) <= now);
        for (const x of moved) tracked.push(x);
        planAndReport(store, { date: today, zone, habit, team, random: r, clockInAt: inAt, clockOutAt: null, forget: true, notAfter: now - 60_000 });
      }

      // Plans and reports in the wire form the agent's outbox gives them.
      const written = [...new Outbox(store).allRecords()];
      const reports = written
        .filter((x): x is Extract<SyncRecord, { kind: 'report_revision' }> => x.kind === 'report_revision')
        .map((x) => ({ date: x.date, reportId: x.reportId, revision: x.revision, missed: x.kpis.filter((k) => k.target !== null && k.actual < k.target).length, submittedAt: x.submittedAt }));
      for (const x of written) tracked.push(x);
      const records = tracked.sort((a, b) => recordTime(a) - recordTime(b));
      return { ...who(m), habit, deviceId, records, reports };
    } finally {
      store.close();
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    }
  }

  return { today, dates, managerCount: options.managers, who, manager, close: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
