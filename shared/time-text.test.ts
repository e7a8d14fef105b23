import { describe, expect, it } from 'vitest';
import { dateFieldText, parseDateText, parseTimeOfDay } from './time-text.ts';

describe('times of day as typed', () => {
  it('reads what people type as 24-hour HH:MM', () => {
    expect(['9', '09', '930', '0930', '9:30', '9.30', '9-30', '18:5', ' 18:00 ', '0', '23:59'].map(parseTimeOfDay)).toEqual([
      '09:00',
      '09:00',
      '09:30',
      '09:30',
      '09:30',
      '09:30',
      '09:30',
      '18:05',
      '18:00',
      '00:00',
      '23:59',
    ]);
  });

  it('refuses what is not a time of day', () => {
    expect(['24:00', '9:60', '', 'nine', '9 AM', '12345', '-1'].map(parseTimeOfDay)).toEqual([null, null, null, null, null, null, null]);
  });
});

describe('dates as typed', () => {
  it('reads day-first and ISO dates, and refuses dates that do not exist', () => {
    expect(parseDateText('25.11.2026')).toBe('2026-11-25');
    expect(parseDateText('5/3/26')).toBe('2026-03-05');
    expect(parseDateText(' 2026-11-25 ')).toBe('2026-11-25');
    expect(parseDateText('29.02.2027')).toBeNull();
    expect(parseDateText('31.04.2026')).toBeNull();
    expect(parseDateText('11/25/2026')).toBeNull();
    expect(parseDateText('tomorrow')).toBeNull();
  });

  it('shows a date day first', () => {
    expect(dateFieldText('2026-03-05', '.')).toBe('05.03.2026');
    expect(dateFieldText('2026-03-05', '/')).toBe('05/03/2026');
  });
});
