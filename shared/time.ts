// Zone-aware calendar arithmetic. Only Intl and arithmetic: the process's own TZ is never read,
// because the agent's day must not change when the PC's zone does, and the hub computes days for
// managers in zones other than its own.
//
// Two kinds of milliseconds appear here: an *instant* (UTC ms since the epoch) and a *wall*
// reading (the local date and time written as if it were UTC ms). offset = wall - instant.
//
// The day rule, used by dayBounds, localTimeToUtc and localDateOf alike:
//   a local date and time resolves to the earliest instant at which the zone's clock reads that
//   time or later. When the time is skipped (clocks spring forward over it) that is the moment of
//   the jump; when it happens twice (clocks fall back) it is the first time round.
// A working day is [start of date, start of next date); localDateOf returns the date whose day
// holds the instant, so every instant belongs to exactly one day and days tile time without gaps.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** ECMAScript's Date range; outside it Intl cannot say what the clock read. */
const MAX_INSTANT = 8.64e15;

/** Epoch days of 0001-01-01 and 9999-12-31: the dates 'YYYY-MM-DD' can spell. */
const FIRST_DAY = daysFromCivil(1, 1, 1);
const LAST_DAY = daysFromCivil(9999, 12, 31);

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f) return f;
  if (typeof zone !== 'string' || zone === '') throw new RangeError(`Invalid time zone ${JSON.stringify(zone)}`);
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      // h23, not hour12:false: some engines print midnight as "24" with the latter.
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      numberingSystem: 'latn',
    });
  } catch {
    throw new RangeError(`Invalid time zone ${JSON.stringify(zone)}: not an IANA zone this runtime knows`);
  }
  formatters.set(zone, f);
  return f;
}

/** True when Intl knows the zone (IANA names, their aliases, "UTC", and fixed offsets like "+05:30"). */
export function isValidZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
 * Pure arithmetic so that years below 100 and dates past Date's range need no special cases.
 */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): { y: number; m: number; d: number } {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

function checkInstant(instant: number, what = 'instant'): void {
  if (typeof instant !== 'number' || !Number.isFinite(instant) || Math.abs(instant) > MAX_INSTANT) {
    throw new RangeError(`Invalid ${what} ${String(instant)}: expected finite UTC milliseconds within ±8.64e15`);
  }
}

/** The zone's UTC offset at an instant, in ms (east of Greenwich positive; Kyiv in winter: 7_200_000). */
export function zoneOffsetMs(instant: number, zone: string): number {
  checkInstant(instant);
  const f = formatterFor(zone);
  // Intl prints whole seconds; measure against the same whole second so the offset stays exact
  // (historical offsets such as Kyiv's LMT +2:02:04 are not whole minutes).
  const whole = instant - (((instant % SECOND) + SECOND) % SECOND);
  const p = { era: 'AD', year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of f.formatToParts(whole)) {
    if (part.type === 'era') p.era = part.value;
    else if (part.type in p) (p as Record<string, number | string>)[part.type] = Number(part.value);
  }
  // en-US counts years before 1 AD as "1 BC", "2 BC"...; astronomical year numbering has a year 0.
  const year = p.era === 'BC' || p.era === 'B' ? 1 - p.year : p.year;
  const wall = daysFromCivil(year, p.month, p.day) * DAY + p.hour * HOUR + p.minute * MINUTE + p.second * SECOND;
  return wall - whole;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' → epoch day number, or a RangeError naming the value. */
function parseDate(date: string): number {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const n = daysFromCivil(y, mo, d);
    const back = civilFromDays(n);
    // Round-tripping rejects 2026-02-30 and 2026-13-01, which the arithmetic would roll over.
    if (y >= 1 && back.y === y && back.m === mo && back.d === d) return n;
  }
  throw new RangeError(`Invalid date ${JSON.stringify(date)}: expected an existing calendar date as YYYY-MM-DD`);
}

function formatDate(day: number): string {
  if (day < FIRST_DAY || day > LAST_DAY) {
    throw new RangeError(`Date out of range: epoch day ${day} is outside 0001-01-01..9999-12-31`);
  }
  const { y, m, d } = civilFromDays(day);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

function parseTime(time: string, what: string): number {
  const m = typeof time === 'string' ? TIME_RE.exec(time) : null;
  if (!m) throw new RangeError(`Invalid ${what} ${JSON.stringify(time)}: expected HH:MM from 00:00 to 23:59`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Minutes after local midnight at which the working day starts ('04:00' → 240).
 * Strictly two-digit HH:MM: the value comes from policy and settings, where '4:00' or '24:00'
 * is more likely a mistake than an intent.
 */
export function parseDayStart(dayStart: string): number {
  return parseTime(dayStart, 'day start');
}

/** The date n calendar days after (or before, n < 0) a 'YYYY-MM-DD' date. */
export function addDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Invalid day count ${String(n)}: expected an integer`);
  return formatDate(parseDate(date) + n);
}

/** Whole calendar days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return parseDate(to) - parseDate(from);
}

/** The earliest instant at which the zone's clock reads `wall` or later (the day rule above). */
function resolveWall(wall: number, zone: string): number {
  // Assumes at most one offset change within a day either side, which holds for every zone in
  // tzdata since 1900; the candidates are the offsets on either side of that change.
  const offsets = [...new Set([zoneOffsetMs(wall - DAY, zone), zoneOffsetMs(wall, zone), zoneOffsetMs(wall + DAY, zone)])];
  let best = Infinity;
  for (const o of offsets) {
    const t = wall - o;
    if (zoneOffsetMs(t, zone) === o && t < best) best = t;
  }
  if (best !== Infinity) return best;

  // No instant reads exactly `wall`: it falls in a spring-forward gap. The first instant past it
  // is the jump itself; between these bounds "the clock reads wall or later" flips once, from
  // false to true, so bisection finds it.
  const readsAtLeast = (t: number): boolean => t + zoneOffsetMs(t, zone) >= wall;
  let lo = wall - Math.max(...offsets);
  let hi = wall - Math.min(...offsets);
  if (readsAtLeast(lo) || !readsAtLeast(hi)) {
    throw new RangeError(`Cannot resolve local time ${new Date(wall).toISOString().slice(0, 16)} in ${zone}`);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (readsAtLeast(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The instant a zone's clock reads `minutes` past midnight of `day`. Screens ask this for every
 * manager × date they show (bounds, late starts, working dates) and each answer costs several
 * zone formatting calls, so the answers are kept: they never change, and a bounded number fits.
 */
function dayStartInstant(day: number, minutes: number, zone: string): number {
  const key = `${day} ${minutes} ${zone}`;
  const known = wallCache.get(key);
  if (known !== undefined) return known;
  const at = resolveWall(day * DAY + minutes * MINUTE, zone);
  if (wallCache.size >= WALL_CACHE_SIZE) wallCache.clear();
  wallCache.set(key, at);
  return at;
}

const WALL_CACHE_SIZE = 50_000;
const wallCache = new Map<string, number>();

/**
 * The instant a local date and 'HH:MM' time names in a zone. A time skipped by a DST jump
 * resolves to the moment of the jump; a time that happens twice resolves to its first occurrence.
 */
export function localTimeToUtc(date: string, time: string, zone: string): number {
  const day = parseDate(date);
  const minutes = parseTime(time, 'time');
  formatterFor(zone);
  return dayStartInstant(day, minutes, zone);
}

/**
 * The manager's working day as UTC ms: [from, to), where `to` is the next date's `from`.
 * Usually 24 h; 23 h or 25 h (or 23.5 h / 24.5 h in Australia/Lord_Howe) for the day that holds a
 * DST change. With dayStart '04:00' in Europe/Kyiv, whose clocks change at 03:00/04:00 local, the
 * short and long days are the Saturdays 2026-03-28 and 2026-10-24: the change happens before
 * Sunday's 04:00, so it falls in Saturday's working day.
 */
export function dayBounds(date: string, zone: string, dayStart = '04:00'): { from: number; to: number } {
  const day = parseDate(date);
  const minutes = parseDayStart(dayStart);
  formatterFor(zone);
  return { from: dayStartInstant(day, minutes, zone), to: dayStartInstant(day + 1, minutes, zone) };
}

/**
 * The 'YYYY-MM-DD' working day an instant belongs to: before dayStart local time it is still
 * the previous date. Agrees with dayBounds: dayBounds(localDateOf(t)).from <= t < .to.
 */
export function localDateOf(instant: number, zone: string, dayStart = '04:00'): string {
  checkInstant(instant);
  const minutes = parseDayStart(dayStart);
  const wall = instant + zoneOffsetMs(instant, zone);
  let day = Math.floor((wall - minutes * MINUTE) / DAY);
  // The wall reading alone is wrong in the hour after clocks fall back across dayStart (the clock
  // reads earlier than dayStart again, yet the day has begun), so settle it against the bounds.
  // One step suffices for real zones; the cap only guards against a loop.
  for (let i = 0; i < 3 && instant < dayStartInstant(day, minutes, zone); i++) day--;
  for (let i = 0; i < 3 && instant >= dayStartInstant(day + 1, minutes, zone); i++) day++;
  return formatDate(day);
}
