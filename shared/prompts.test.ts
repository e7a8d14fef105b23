import { describe, expect, it } from 'vitest';
import { computePrompts, isoWeekday, type PromptInput } from './prompts.ts';

// Tuesday 2026-03-03 in Kyiv (UTC+2).
const base = (over: Partial<PromptInput> = {}): PromptInput => ({
  now: Date.parse('2026-03-03T06:30:00Z'), // 08:30 local
  zone: 'Europe/Kyiv',
  today: '2026-03-03',
  schedule: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
  workedDates: new Set(),
  plannedDates: new Set(),
  reportedDates: new Set(),
  clockedInToday: false,
  clockedOutAfterWork: false,
  planSnooze: { used: 0, until: null, times: 2 },
  closedIdleGaps: [],
  ...over,
});
const kinds = (input: PromptInput) => computePrompts(input).map((p) => `${p.kind}:${'date' in p ? p.date : p.gapId}`);

describe('prompts', () => {
  it('knows ISO weekdays', () => {
    expect(isoWeekday('2026-03-02')).toBe(1);
    expect(isoWeekday('2026-03-08')).toBe(7);
  });

  it('asks for the plan at the scheduled start or at the first clock-in, whichever is first', () => {
    expect(kinds(base())).toEqual([]);
    expect(kinds(base({ clockedInToday: true }))).toEqual(['plan:2026-03-03']);
    expect(kinds(base({ now: Date.parse('2026-03-03T07:00:00Z') }))).toEqual(['plan:2026-03-03']);
    // Not on a day off unless the manager clocks in.
    expect(kinds(base({ today: '2026-03-07', now: Date.parse('2026-03-07T08:00:00Z') }))).toEqual([]);
    expect(kinds(base({ plannedDates: new Set(['2026-03-03']), clockedInToday: true }))).toEqual([]);
  });

  it('lets the plan be snoozed, and says how many snoozes are left', () => {
    const until = Date.parse('2026-03-03T06:45:00Z');
    expect(kinds(base({ clockedInToday: true, planSnooze: { used: 1, until, times: 2 } }))).toEqual([]);
    const after = computePrompts(base({ clockedInToday: true, now: until, planSnooze: { used: 1, until, times: 2 } }));
    expect(after).toEqual([{ kind: 'plan', date: '2026-03-03', snoozesLeft: 1 }]);
  });

  it('asks for an unfiled earlier report first, then the plan', () => {
    const input = base({ clockedInToday: true, workedDates: new Set(['2026-02-27', '2026-03-02']) });
    expect(kinds(input)).toEqual(['report:2026-03-02', 'plan:2026-03-03']);
    // Only the most recent working day: Friday's missing report is the lead's business now.
    expect(kinds({ ...input, reportedDates: new Set(['2026-03-02']) })).toEqual(['plan:2026-03-03']);
  });

  it('asks for the report at the scheduled end or at clock-out after work', () => {
    const worked = { workedDates: new Set(['2026-03-03']), plannedDates: new Set(['2026-03-03']) };
    expect(kinds(base({ ...worked, now: Date.parse('2026-03-03T12:00:00Z') }))).toEqual([]);
    expect(kinds(base({ ...worked, now: Date.parse('2026-03-03T16:00:00Z') }))).toEqual(['report:2026-03-03']);
    expect(kinds(base({ ...worked, clockedOutAfterWork: true }))).toEqual(['report:2026-03-03']);
    expect(kinds(base({ ...worked, clockedOutAfterWork: true, reportedDates: new Set(['2026-03-03']) }))).toEqual([]);
  });

  it('puts an idle gap that just ended before everything else', () => {
    const gap = { gapId: 'g1', start: 1, end: 2 };
    expect(kinds(base({ clockedInToday: true, closedIdleGaps: [gap] }))).toEqual(['idle:g1', 'plan:2026-03-03']);
  });

  it('asks again for a report the lead returned', () => {
    expect(kinds(base({ returnedDates: new Set(['2026-03-02']), reportedDates: new Set(['2026-03-02']) }))).toEqual(['report:2026-03-02']);
    const returned = computePrompts(base({ returnedDates: new Set(['2026-03-02']), reportedDates: new Set(['2026-03-02']), reviewComments: new Map([['2026-03-02', 'Add the reasons']]) }));
    expect(returned).toEqual([{ kind: 'report', date: '2026-03-02', overdue: false, returned: true, comment: 'Add the reasons' }]);
  });
});
