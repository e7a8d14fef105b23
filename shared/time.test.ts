// Expected instants are worked out by hand from the zones' published rules (noted beside each),
// never read back from the code. vitest.config.ts reruns this file under TZ=Pacific/Auckland.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayBounds,
  daysBetween,
  isValidZone,
  localDateOf,
  localTimeToUtc,
  parseDayStart,
  zoneOffsetMs,
} from './time.ts';

const H = 3_600_000;
const M = 60_000;
const at = (iso: string): number => Date.parse(iso);
const hours = (b: { from: number; to: number }): number => (b.to - b.from) / H;

// Europe/Kyiv 2026 (EU rule): EET +02 → EEST +03 on Sun 29 Mar at 01:00Z (03:00 → 04:00 local);
// back on Sun 25 Oct at 01:00Z (04:00 → 03:00 local).
const KYIV = 'Europe/Kyiv';
// America/New_York 2026: EST −05 → EDT −04 on Sun 8 Mar at 07:00Z (02:00 → 03:00 local);
// back on Sun 1 Nov at 06:00Z (02:00 → 01:00 local).
const NY = 'America/New_York';
// Australia/Lord_Howe: a 30-minute DST. +10:30 ↔ +11. Ends Sun 5 Apr 2026 at 15:00Z on the 4th
// (02:00 → 01:30 local); starts Sun 4 Oct 2026 at 15:30Z on the 3rd (02:00 → 02:30 local).
const LORD_HOWE = 'Australia/Lord_Howe';
const KOLKATA = 'Asia/Kolkata'; // +05:30 all year

describe('zoneOffsetMs', () => {
  it('gives the offset in force on each side of a DST change, to the second', () => {
    expect(zoneOffsetMs(at('2026-03-29T00:59:59Z'), KYIV)).toBe(2 * H);
    expect(zoneOffsetMs(at('2026-03-29T01:00:00Z'), KYIV)).toBe(3 * H);
    expect(zoneOffsetMs(at('2026-10-25T00:59:59.999Z'), KYIV)).toBe(3 * H);
    expect(zoneOffsetMs(at('2026-10-25T01:00:00Z'), KYIV)).toBe(2 * H);
    expect(zoneOffsetMs(at('2026-01-15T12:00:00Z'), NY)).toBe(-5 * H);
    expect(zoneOffsetMs(at('2026-07-15T12:00:00Z'), NY)).toBe(-4 * H);
    expect(zoneOffsetMs(at('2026-07-15T12:00:00Z'), KOLKATA)).toBe(5.5 * H);
    expect(zoneOffsetMs(at('2026-04-04T14:59:59Z'), LORD_HOWE)).toBe(11 * H);
    expect(zoneOffsetMs(at('2026-04-04T15:00:00Z'), LORD_HOWE)).toBe(10.5 * H);
    expect(zoneOffsetMs(at('2026-10-03T15:29:59Z'), LORD_HOWE)).toBe(10.5 * H);
    expect(zoneOffsetMs(at('2026-10-03T15:30:00Z'), LORD_HOWE)).toBe(11 * H);
    expect(zoneOffsetMs(at('2026-07-15T12:00:00Z'), 'UTC')).toBe(0);
  });

  it('keeps offsets that are not whole minutes (Kyiv local mean time, +2:02:04)', () => {
    expect(zoneOffsetMs(at('1900-01-01T00:00:00Z'), KYIV)).toBe(2 * H + 2 * M + 4_000);
  });

  it('rejects a bad zone or instant, naming it', () => {
    expect(() => zoneOffsetMs(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => zoneOffsetMs(0, 'Mars/Olympus_Mons')).toThrow(/Mars\/Olympus_Mons/);
    expect(() => zoneOffsetMs(Number.NaN, KYIV)).toThrow(/NaN/);
    expect(() => zoneOffsetMs(1e16, KYIV)).toThrow(RangeError);
  });
});

describe('isValidZone', () => {
  it('accepts IANA names and aliases, rejects the rest', () => {
    expect(isValidZone(KYIV)).toBe(true);
    expect(isValidZone('Europe/Kiev')).toBe(true);
    expect(isValidZone('UTC')).toBe(true);
    expect(isValidZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidZone('')).toBe(false);
  });
});

describe('parseDayStart', () => {
  it('turns HH:MM into minutes after midnight', () => {
    expect(parseDayStart('00:00')).toBe(0);
    expect(parseDayStart('04:00')).toBe(240);
    expect(parseDayStart('23:59')).toBe(1439);
  });

  it.each(['4:00', '24:00', '04:60', '04:00:00', ' 04:00', '', 'four'])('rejects %j', (bad) => {
    expect(() => parseDayStart(bad)).toThrow(RangeError);
    expect(() => parseDayStart(bad)).toThrow(`Invalid day start ${JSON.stringify(bad)}`);
  });
});

describe('addDays and daysBetween', () => {
  it('walks the calendar, leap years included', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-29', 0)).toBe('2026-03-29');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-03-30', '2026-03-28')).toBe(-2);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026/03/29', '26-03-29', '2026-3-9', ''])(
    'rejects the date %j',
    (bad) => {
      expect(() => addDays(bad, 1)).toThrow(RangeError);
      expect(() => dayBounds(bad, KYIV)).toThrow(`Invalid date ${JSON.stringify(bad)}`);
    },
  );

  it('rejects a fractional day count', () => {
    expect(() => addDays('2026-03-29', 0.5)).toThrow(/0\.5/);
  });
});

describe('localTimeToUtc', () => {
  it('converts an ordinary local time', () => {
    expect(localTimeToUtc('2026-03-02', '09:00', KYIV)).toBe(at('2026-03-02T07:00:00Z'));
    expect(localTimeToUtc('2026-07-01', '09:00', KYIV)).toBe(at('2026-07-01T06:00:00Z'));
    expect(localTimeToUtc('2026-06-10', '09:00', KOLKATA)).toBe(at('2026-06-10T03:30:00Z'));
  });

  it('resolves a skipped time to the moment of the jump', () => {
    expect(localTimeToUtc('2026-03-29', '03:30', KYIV)).toBe(at('2026-03-29T01:00:00Z'));
    expect(localTimeToUtc('2026-03-08', '02:30', NY)).toBe(at('2026-03-08T07:00:00Z'));
    expect(localTimeToUtc('2026-10-04', '02:15', LORD_HOWE)).toBe(at('2026-10-03T15:30:00Z'));
  });

  it('resolves a repeated time to its first occurrence', () => {
    // 03:30 happens at 00:30Z (EEST) and again at 01:30Z (EET).
    expect(localTimeToUtc('2026-10-25', '03:30', KYIV)).toBe(at('2026-10-25T00:30:00Z'));
    // 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
    expect(localTimeToUtc('2026-11-01', '01:30', NY)).toBe(at('2026-11-01T05:30:00Z'));
    // 01:45 happens at 14:45Z (+11) and 15:15Z (+10:30).
    expect(localTimeToUtc('2026-04-05', '01:45', LORD_HOWE)).toBe(at('2026-04-04T14:45:00Z'));
  });

  it('names a bad time or zone', () => {
    expect(() => localTimeToUtc('2026-03-02', '9:00', KYIV)).toThrow('Invalid time "9:00"');
    expect(() => localTimeToUtc('2026-03-02', '09:00', 'Europe/Kyyiv')).toThrow(/Europe\/Kyyiv/);
  });
});

describe('dayBounds', () => {
  it('Kyiv with dayStart 00:00: 29 March is 23 h, 25 October is 25 h', () => {
    const spring = dayBounds('2026-03-29', KYIV, '00:00');
    expect(spring.from).toBe(at('2026-03-28T22:00:00Z')); // 00:00 EET
    expect(spring.to).toBe(at('2026-03-29T21:00:00Z')); // 00:00 EEST
    expect(hours(spring)).toBe(23);
    const autumn = dayBounds('2026-10-25', KYIV, '00:00');
    expect(autumn.from).toBe(at('2026-10-24T21:00:00Z'));
    expect(autumn.to).toBe(at('2026-10-25T22:00:00Z'));
    expect(hours(autumn)).toBe(25);
  });

  it('Kyiv with dayStart 04:00: the change (03:00/04:00 local) lands in the Saturday working day', () => {
    // Sunday 04:00 comes after the jump, so Saturday's day runs 04:00 EET → 04:00 EEST.
    expect(dayBounds('2026-03-28', KYIV)).toEqual({ from: at('2026-03-28T02:00:00Z'), to: at('2026-03-29T01:00:00Z') });
    expect(hours(dayBounds('2026-03-28', KYIV))).toBe(23);
    expect(hours(dayBounds('2026-03-29', KYIV))).toBe(24);
    expect(dayBounds('2026-10-24', KYIV)).toEqual({ from: at('2026-10-24T01:00:00Z'), to: at('2026-10-25T02:00:00Z') });
    expect(hours(dayBounds('2026-10-24', KYIV))).toBe(25);
    expect(hours(dayBounds('2026-10-25', KYIV))).toBe(24);
  });

  it('Kyiv with a dayStart inside the skipped or repeated hour (03:30)', () => {
    // Spring: 03:30 never happens on the 29th; the day starts at the jump (01:00Z). The hour
    // lost is shared: 28th 01:30Z → 29th 01:00Z, 29th 01:00Z → 30th 00:30Z.
    expect(hours(dayBounds('2026-03-28', KYIV, '03:30'))).toBe(23.5);
    expect(dayBounds('2026-03-29', KYIV, '03:30')).toEqual({ from: at('2026-03-29T01:00:00Z'), to: at('2026-03-30T00:30:00Z') });
    // Autumn: 03:30 happens twice on the 25th; the first (00:30Z EEST) starts the day.
    expect(dayBounds('2026-10-25', KYIV, '03:30')).toEqual({ from: at('2026-10-25T00:30:00Z'), to: at('2026-10-26T01:30:00Z') });
    expect(hours(dayBounds('2026-10-24', KYIV, '03:30'))).toBe(24);
  });

  it('America/New_York', () => {
    expect(dayBounds('2026-03-08', NY, '00:00')).toEqual({ from: at('2026-03-08T05:00:00Z'), to: at('2026-03-09T04:00:00Z') });
    expect(dayBounds('2026-11-01', NY, '00:00')).toEqual({ from: at('2026-11-01T04:00:00Z'), to: at('2026-11-02T05:00:00Z') });
    // dayStart 04:00: the 02:00 change falls in Saturday's working day.
    expect(hours(dayBounds('2026-03-07', NY))).toBe(23);
    expect(hours(dayBounds('2026-10-31', NY))).toBe(25);
    // 02:30 does not exist on 8 March: 7th 07:30Z → 8th 07:00Z → 9th 06:30Z.
    expect(hours(dayBounds('2026-03-07', NY, '02:30'))).toBe(23.5);
    expect(hours(dayBounds('2026-03-08', NY, '02:30'))).toBe(23.5);
  });

  it('Asia/Kolkata (+05:30) has 24-hour days starting at 22:30Z the day before', () => {
    expect(dayBounds('2026-06-10', KOLKATA)).toEqual({ from: at('2026-06-09T22:30:00Z'), to: at('2026-06-10T22:30:00Z') });
  });

  it('Australia/Lord_Howe shifts by 30 minutes', () => {
    // 00:00 +11 = 13:00Z; next 00:00 +10:30 = 13:30Z.
    expect(dayBounds('2026-04-05', LORD_HOWE, '00:00')).toEqual({ from: at('2026-04-04T13:00:00Z'), to: at('2026-04-05T13:30:00Z') });
    expect(hours(dayBounds('2026-10-04', LORD_HOWE, '00:00'))).toBe(23.5);
    // dayStart 01:45 happens twice on 5 April: the first (14:45Z) starts the day.
    expect(dayBounds('2026-04-05', LORD_HOWE, '01:45')).toEqual({ from: at('2026-04-04T14:45:00Z'), to: at('2026-04-05T15:15:00Z') });
  });

  it('a date the zone skipped entirely is an empty day (Samoa, 30 Dec 2011)', () => {
    // Apia went from 2011-12-29 24:00 at −10 straight to 2011-12-31 00:00 at +14 (10:00Z).
    const skipped = dayBounds('2011-12-30', 'Pacific/Apia', '00:00');
    expect(skipped).toEqual({ from: at('2011-12-30T10:00:00Z'), to: at('2011-12-30T10:00:00Z') });
    expect(hours(dayBounds('2011-12-29', 'Pacific/Apia', '00:00'))).toBe(24);
    expect(localDateOf(at('2011-12-30T10:00:00Z'), 'Pacific/Apia', '00:00')).toBe('2011-12-31');
  });

  it('rejects a bad zone or dayStart, naming it', () => {
    expect(() => dayBounds('2026-03-29', 'Nowhere/Town')).toThrow('Invalid time zone "Nowhere/Town"');
    expect(() => dayBounds('2026-03-29', KYIV, '4am')).toThrow('Invalid day start "4am"');
  });
});

describe('localDateOf', () => {
  it('puts instants before dayStart local time on the previous date', () => {
    expect(localDateOf(at('2026-03-02T01:59:59Z'), KYIV)).toBe('2026-03-01'); // 03:59:59 local
    expect(localDateOf(at('2026-03-02T02:00:00Z'), KYIV)).toBe('2026-03-02'); // 04:00 local
    expect(localDateOf(at('2026-03-02T21:59:59Z'), KYIV, '00:00')).toBe('2026-03-02');
    expect(localDateOf(at('2026-03-02T22:00:00Z'), KYIV, '00:00')).toBe('2026-03-03');
  });

  it('follows the DST change', () => {
    expect(localDateOf(at('2026-03-29T00:59:59Z'), KYIV)).toBe('2026-03-28'); // 02:59:59 EET
    expect(localDateOf(at('2026-03-29T01:00:00Z'), KYIV)).toBe('2026-03-29'); // 04:00 EEST
    expect(localDateOf(at('2026-10-25T01:59:59Z'), KYIV)).toBe('2026-10-24'); // 03:59:59 EET
    expect(localDateOf(at('2026-10-25T02:00:00Z'), KYIV)).toBe('2026-10-25'); // 04:00 EET
  });

  it('keeps the second pass of a repeated hour in the day that already began', () => {
    // dayStart 03:30: the 25th began at 00:30Z. At 01:10Z the clock reads 03:10 again, which
    // on its own would say "before dayStart, so the 24th".
    expect(localDateOf(at('2026-10-25T01:10:00Z'), KYIV, '03:30')).toBe('2026-10-25');
    expect(localDateOf(at('2026-10-25T00:29:59Z'), KYIV, '03:30')).toBe('2026-10-24');
  });

  it('handles half-hour zones', () => {
    expect(localDateOf(at('2026-06-09T22:29:59Z'), KOLKATA)).toBe('2026-06-09');
    expect(localDateOf(at('2026-06-09T22:30:00Z'), KOLKATA)).toBe('2026-06-10');
    expect(localDateOf(at('2026-04-04T14:44:59Z'), LORD_HOWE, '01:45')).toBe('2026-04-04');
    expect(localDateOf(at('2026-04-04T15:20:00Z'), LORD_HOWE, '01:45')).toBe('2026-04-05'); // 01:50 second pass
  });

  it('agrees with dayBounds at each day edge and every half hour around each change', () => {
    const cases: [string, string][] = [
      [KYIV, '2026-03-28'],
      [KYIV, '2026-10-24'],
      [NY, '2026-03-07'],
      [NY, '2026-10-31'],
      [LORD_HOWE, '2026-04-04'],
      [LORD_HOWE, '2026-10-03'],
      [KOLKATA, '2026-06-09'],
    ];
    for (const [zone, firstDate] of cases) {
      for (const dayStart of ['00:00', '01:30', '01:45', '02:15', '03:00', '03:30', '04:00']) {
        const dates = [addDays(firstDate, -1), firstDate, addDays(firstDate, 1), addDays(firstDate, 2)];
        const probes: number[] = [];
        for (const date of dates) {
          const { from, to } = dayBounds(date, zone, dayStart);
          probes.push(from - 1, from, to - 1);
        }
        const first = dayBounds(dates[0] ?? firstDate, zone, dayStart).from;
        for (let t = first; t < first + 4 * 24 * H; t += 30 * M) probes.push(t);
        for (const t of probes) {
          const date = localDateOf(t, zone, dayStart);
          const { from, to } = dayBounds(date, zone, dayStart);
          expect(from <= t && t < to, `${zone} ${dayStart} ${new Date(t).toISOString()} → ${date}`).toBe(true);
        }
      }
    }
  });
});
