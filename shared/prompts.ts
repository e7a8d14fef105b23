// What the agent should ask the manager now, and in which order: an idle gap just ended, then a
// report left unfiled on an earlier day, then today's plan, then today's report.
import type { Prompt } from './api.ts';
import { addDays, localTimeToUtc } from './time.ts';

export interface PromptInput {
  now: number;
  zone: string;
  today: string;
  schedule: { start: string; end: string; days: number[] };
  /** Working days (local dates) on which there was any work, up to today. */
  workedDates: ReadonlySet<string>;
  plannedDates: ReadonlySet<string>;
  reportedDates: ReadonlySet<string>;
  /** Reports the lead returned with a comment, waiting for the manager's corrections. */
  returnedDates?: ReadonlySet<string>;
  /** The lead's comment on each returned report, where they wrote one. */
  reviewComments?: ReadonlyMap<string, string>;
  /** Clocked in at any time today. */
  clockedInToday: boolean;
  /** Clocked out now, after some work today. */
  clockedOutAfterWork: boolean;
  planSnooze: { used: number; until: number | null; times: number };
  closedIdleGaps: { gapId: string; start: number; end: number }[];
}

/** How far back an unfiled report is still asked for: further back it is the lead's business. */
export const OVERDUE_LOOKBACK_DAYS = 7;

/** ISO weekday (1 = Monday) of a calendar date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function computePrompts(input: PromptInput): Prompt[] {
  const prompts: Prompt[] = [];
  for (const gap of input.closedIdleGaps) prompts.push({ kind: 'idle', gapId: gap.gapId, start: gap.start, end: gap.end, open: false });

  for (const date of [...(input.returnedDates ?? [])].sort()) {
    prompts.push({ kind: 'report', date, overdue: false, returned: true, comment: input.reviewComments?.get(date) ?? null });
  }

  for (let i = 1; i <= OVERDUE_LOOKBACK_DAYS; i++) {
    const date = addDays(input.today, -i);
    if (!input.workedDates.has(date)) continue;
    if (!input.reportedDates.has(date)) prompts.push({ kind: 'report', date, overdue: true, returned: false, comment: null });
    break; // only the most recent working day is asked for
  }

  const scheduledToday = input.schedule.days.includes(isoWeekday(input.today));
  const started = scheduledToday && input.now >= localTimeToUtc(input.today, input.schedule.start, input.zone);
  const snoozed = input.planSnooze.until !== null && input.now < input.planSnooze.until;
  if (!input.plannedDates.has(input.today) && (started || input.clockedInToday) && !snoozed) {
    prompts.push({ kind: 'plan', date: input.today, snoozesLeft: Math.max(0, input.planSnooze.times - input.planSnooze.used) });
  }

  const ended = scheduledToday && input.now >= localTimeToUtc(input.today, input.schedule.end, input.zone);
  const hadDay = input.workedDates.has(input.today) || input.plannedDates.has(input.today);
  if (hadDay && !input.reportedDates.has(input.today) && !input.returnedDates?.has(input.today) && (ended || input.clockedOutAfterWork)) {
    prompts.push({ kind: 'report', date: input.today, overdue: false, returned: false, comment: null });
  }
  return prompts;
}
