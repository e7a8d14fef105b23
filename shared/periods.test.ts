import { describe, expect, it } from 'vitest';
import { isoWeekday, periodOf, periodRange, workdaysBetween } from './periods.ts';

describe('periods', () => {
  it('weekdays: 2026-03-02 is a Monday, 2026-03-08 a Sunday, far dates too', () => {
    expect(isoWeekday('2026-03-02')).toBe(1);
    expect(isoWeekday('2026-03-08')).toBe(7);
    expect(isoWeekday('1970-01-01')).toBe(4);
    expect(isoWeekday('1969-12-29')).toBe(1);
  });

  it('ranges: Monday weeks across a month and a year, months, quarters', () => {
    expect(periodRange('week', '2026-03-01')).toEqual({ from: '2026-02-23', to: '2026-03-01' });
    expect(periodRange('week', '2027-01-01')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(periodRange('month', '2028-02-15')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodRange('month', '2026-12-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(periodRange('quarter', '2026-05-20')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(periodRange('quarter', '2026-12-01')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodRange('day', '2026-03-02')).toEqual({ from: '2026-03-02', to: '2026-03-02' });
  });

  it('working days by the schedule, counted one by one as a check', () => {
    const naive = (from: string, to: string, days: number[]) => {
      let n = 0;
      for (let d = new Date(from + 'T00:00:00Z'); d <= new Date(to + 'T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1)) {
        if (days.includes(isoWeekday(d.toISOString().slice(0, 10)))) n++;
      }
      return n;
    };
    for (const days of [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6], [7], []]) {
      for (const [from, to] of [['2026-03-01', '2026-03-31'], ['2026-03-04', '2026-03-04'], ['2026-01-01', '2026-12-31'], ['2026-03-05', '2026-03-17']]) {
        expect(workdaysBetween(from!, to!, days), `${from}..${to} ${days}`).toBe(naive(from!, to!, days));
      }
    }
    expect(workdaysBetween('2026-03-05', '2026-03-04', [1, 2, 3, 4, 5])).toBe(0);
  });

  it('elapsed and left against "today", clamped for past and future periods', () => {
    const weekdays = [1, 2, 3, 4, 5];
    // March 2026: 22 working days; the 11th is a Wednesday with 7 working days before it.
    expect(periodOf('month', '2026-03-11', '2026-03-11', weekdays)).toMatchObject({ workdays: 22, workdaysElapsed: 7, workdaysLeft: 15, asOf: '2026-03-11' });
    expect(periodOf('month', '2026-02-11', '2026-03-11', weekdays)).toMatchObject({ workdays: 20, workdaysElapsed: 20, workdaysLeft: 0, asOf: '2026-02-28' });
    expect(periodOf('month', '2026-04-11', '2026-03-11', weekdays)).toMatchObject({ workdays: 22, workdaysElapsed: 0, workdaysLeft: 22, asOf: '2026-04-01' });
  });
});
