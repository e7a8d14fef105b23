// Test time that does not depend on the hour the suite runs: a local time of day, some days back.
// A test that starts its fake clock at `Date.now() - 10 h` lands on a different local day, or
// straddles the day start, depending on when it runs; one that starts at "09:00 two days ago in
// Kyiv" does the same thing at any hour (and on any date, DST nights included).
import { addDays, localDateOf, localTimeToUtc } from '../shared/time.ts';

/** The instant of local `time` (HH:MM) in `zone`, `daysAgo` working days before today's. */
export function anchoredInstant(time: string, zone: string, daysAgo = 2, now = Date.now()): number {
  return localTimeToUtc(addDays(localDateOf(now, zone), -daysAgo), time, zone);
}
