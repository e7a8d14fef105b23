import { describe, expect, it } from 'vitest';
import { parseTimeOfDay } from './time-text.ts';

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
