// Which working day time belongs to. The calendar cuts days at the day start (04:00 by default),
// but a working session — clock-in to clock-out — is never cut: it belongs, whole, to the working
// day on which it started. A manager who clocks in at 20:00 and out at 05:00 worked nine hours
// on the day they clocked in; the report asked at clock-out and the plan are that day's, and My
// day, the hub and the exports count the whole session there. So a day's bounds move to the end
// of a session that crosses them. Pure, so the agent and the hub apply the same rule.
import { dayBounds, localDateOf } from './time.ts';
import type { WorkEvent } from './worktime.ts';

/** One working session: from a clock-in to its clock-out (`end` null while still clocked in). */
export interface Session {
  start: number;
  end: number | null;
}

/** The sessions in a work-event log, in log order. */
export function sessionsOf(events: readonly WorkEvent[]): Session[] {
  const sessions: Session[] = [];
  let open: Session | null = null;
  for (const e of events) {
    if (e.kind === 'clock_in' && !open) sessions.push((open = { start: e.at, end: null }));
    else if (e.kind === 'clock_out' && open) {
      // A clock-out stamped before its clock-in (the clock was set back) ends the session empty.
      open.end = Math.max(open.start, e.at);
      open = null;
    }
  }
  return sessions;
}

/** A calendar boundary, moved to the end of the session running across it (if any). */
function moved(boundary: number, sessions: readonly Session[]): number {
  for (const s of sessions) if (s.start < boundary && (s.end === null || s.end > boundary)) return s.end ?? Infinity;
  return boundary;
}

/**
 * The working day `date` as a time range [from, to): the calendar's day, each end moved to the
 * end of a session that runs across it (Infinity while that session is still open). Consecutive
 * days still tile time without gaps or overlaps; a day inside a session of more than 24 hours is
 * empty.
 */
export function workingDayBounds(date: string, zone: string, dayStart: string, sessions: readonly Session[]): { from: number; to: number } {
  const { from, to } = dayBounds(date, zone, dayStart);
  return { from: moved(from, sessions), to: moved(to, sessions) };
}

/** The working day `at` belongs to: its session's first day, or the calendar's outside sessions. */
export function workingDayOf(at: number, zone: string, dayStart: string, sessions: readonly Session[]): string {
  const session = sessions.find((s) => s.start <= at && (s.end === null || at < s.end));
  return localDateOf(session ? session.start : at, zone, dayStart);
}
