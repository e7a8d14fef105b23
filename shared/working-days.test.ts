import { describe, expect, it } from 'vitest';
import { summarizeDay } from './days.ts';
import { dayBounds } from './time.ts';
import { sessionsOf, workingDayBounds, workingDayOf } from './working-days.ts';
import type { WorkEvent } from './worktime.ts';

const KYIV = 'Europe/Kyiv';
const H = 3_600_000;
// Winter in Kyiv (+02:00): 20:00 local on 2 March is 18:00Z; 05:00 local on 3 March is 03:00Z.
const at = (iso: string) => Date.parse(iso);
const night = { start: at('2026-03-02T18:00:00Z'), end: at('2026-03-03T03:00:00Z') };

describe('working days: a session belongs to the day it started', () => {
  it('puts a session from 20:00 to 05:00 (day start 04:00) whole on its first day', () => {
    expect(workingDayOf(at('2026-03-03T01:30:00Z'), KYIV, '04:00', [night])).toBe('2026-03-02'); // 03:30
    expect(workingDayOf(at('2026-03-03T02:30:00Z'), KYIV, '04:00', [night])).toBe('2026-03-02'); // 04:30, past the day start
    expect(workingDayOf(at('2026-03-03T03:00:00Z'), KYIV, '04:00', [night])).toBe('2026-03-03'); // clocked out
    expect(workingDayOf(at('2026-03-03T02:30:00Z'), KYIV, '04:00', [])).toBe('2026-03-03'); // no session: the calendar
    expect(workingDayBounds('2026-03-02', KYIV, '04:00', [night])).toEqual({ from: dayBounds('2026-03-02', KYIV, '04:00').from, to: night.end });
    expect(workingDayBounds('2026-03-03', KYIV, '04:00', [night])).toEqual({ from: night.end, to: dayBounds('2026-03-03', KYIV, '04:00').to });
  });

  it('keeps an open session on its day until it ends, and leaves a day inside a longer one empty', () => {
    const open = { start: night.start, end: null };
    expect(workingDayBounds('2026-03-02', KYIV, '04:00', [open]).to).toBe(Infinity);
    expect(workingDayOf(at('2026-03-04T10:00:00Z'), KYIV, '04:00', [open])).toBe('2026-03-02');
    const long = { start: night.start, end: at('2026-03-04T10:00:00Z') };
    const middle = workingDayBounds('2026-03-03', KYIV, '04:00', [long]);
    expect(middle.from).toBe(middle.to);
  });

  it('reads sessions from the work-event log', () => {
    const ev = (kind: WorkEvent['kind'], iso: string): WorkEvent => ({ id: iso, kind, at: at(iso), zone: KYIV, mono: 0 });
    const events = [ev('clock_in', '2026-03-02T18:00:00Z'), ev('break', '2026-03-02T20:00:00Z'), ev('resume', '2026-03-02T20:30:00Z'), ev('clock_out', '2026-03-03T03:00:00Z'), ev('clock_in', '2026-03-03T07:00:00Z')];
    expect(sessionsOf(events)).toEqual([night, { start: at('2026-03-03T07:00:00Z'), end: null }]);
  });

  it('counts the whole session in the summary of its first day, none of it on the next', () => {
    const segments = [{ kind: 'work' as const, start: night.start, end: night.end, zone: KYIV }];
    const input = { zone: KYIV, dayStart: '04:00', segments, decisions: [], spans: [], sessions: [night] };
    expect(summarizeDay({ ...input, date: '2026-03-02' }).workedMs).toBe(9 * H);
    expect(summarizeDay({ ...input, date: '2026-03-03' }).workedMs).toBe(0);
    // Without the sessions, the calendar cuts it at 04:00.
    expect(summarizeDay({ ...input, sessions: undefined, date: '2026-03-02' }).workedMs).toBe(8 * H);
  });
});
