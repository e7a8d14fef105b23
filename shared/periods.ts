// Periods KPIs and the leaderboard are measured over (a day, a Monday-to-Sunday week, a calendar
// month, a quarter) and the working days in them by a team's schedule. Dates only: no zone is
// needed, because every date here is already a manager's local working day.
import { z } from 'zod';
import { DateSchema } from './plan.ts';
import { addDays, daysBetween } from './time.ts';

export const PERIODS = ['day', 'week', 'month', 'quarter'] as const;
export const PeriodKindSchema = z.enum(PERIODS);
export type PeriodKind = z.infer<typeof PeriodKindSchema>;

const Count = z.number().int().min(0);

export const PeriodSchema = z.object({
  kind: PeriodKindSchema,
  /** The first and last date of the period (inclusive). */
  from: DateSchema,
  to: DateSchema,
  /** Working days by the team's schedule: in the period, already past (before `asOf`), and left (from `asOf` on). */
  workdays: Count,
  workdaysElapsed: Count,
  workdaysLeft: Count,
  /** The date taken as "today" (clamped into the period). */
  asOf: DateSchema,
});
export type Period = z.infer<typeof PeriodSchema>;

/** ISO weekday of a date: 1 = Monday … 7 = Sunday (the schedule's `days` use the same numbers). */
export function isoWeekday(date: string): number {
  // 1970-01-01 was a Thursday (4).
  return ((((daysBetween('1970-01-01', date) + 3) % 7) + 7) % 7) + 1;
}

/** The first and last date of the period holding `date`. */
export function periodRange(kind: PeriodKind, date: string): { from: string; to: string } {
  switch (kind) {
    case 'day':
      return { from: date, to: date };
    case 'week': {
      const from = addDays(date, 1 - isoWeekday(date));
      return { from, to: addDays(from, 6) };
    }
    case 'month': {
      const from = `${date.slice(0, 7)}-01`;
      return { from, to: addDays(nextMonth(from), -1) };
    }
    case 'quarter': {
      const month = Number(date.slice(5, 7));
      const first = month - ((month - 1) % 3);
      const from = `${date.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
      return { from, to: addDays(nextMonth(nextMonth(nextMonth(from))), -1) };
    }
  }
}

/** The first day of the month after the one `firstOfMonth` (YYYY-MM-01) is in. */
export function nextMonth(firstOfMonth: string): string {
  const y = Number(firstOfMonth.slice(0, 4));
  const m = Number(firstOfMonth.slice(5, 7));
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01-01` : `${firstOfMonth.slice(0, 4)}-${String(m + 1).padStart(2, '0')}-01`;
}

export function isWorkday(date: string, scheduleDays: readonly number[]): boolean {
  return scheduleDays.includes(isoWeekday(date));
}

/** Working days from `from` to `to`, both included (0 when `to` is before `from`). */
export function workdaysBetween(from: string, to: string, scheduleDays: readonly number[]): number {
  const n = daysBetween(from, to) + 1;
  if (n <= 0) return 0;
  const days = new Set(scheduleDays);
  let count = Math.floor(n / 7) * days.size;
  const start = isoWeekday(from);
  for (let i = 0; i < n % 7; i++) if (days.has(((start - 1 + i) % 7) + 1)) count++;
  return count;
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const n = daysBetween(from, to);
  return Array.from({ length: Math.max(0, n + 1) }, (_, i) => addDays(from, i));
}

/** The period of `kind` holding `date`, with its working days counted against `asOf`. */
export function periodOf(kind: PeriodKind, date: string, asOf: string, scheduleDays: readonly number[]): Period {
  const { from, to } = periodRange(kind, date);
  const clamped = asOf < from ? from : asOf > to ? to : asOf;
  const workdays = workdaysBetween(from, to, scheduleDays);
  // A period entirely in the past has no days left; one in the future has none elapsed.
  const elapsed = asOf > to ? workdays : workdaysBetween(from, addDays(clamped, -1), scheduleDays);
  return { kind, from, to, workdays, workdaysElapsed: elapsed, workdaysLeft: workdays - elapsed, asOf: clamped };
}
