import { describe, expect, it } from 'vitest';
import { formatClock, formatDate, formatDuration, formatTime, weekdayName } from './format.ts';

describe('formatting per locale', () => {
  it('durations', () => {
    expect(formatDuration('uk', 2 * 3600_000 + 5 * 60_000)).toBe('2 год 05 хв');
    expect(formatDuration('ru', 45 * 60_000 + 59_000)).toBe('45 мин');
    expect(formatDuration('en', 30_000)).toBe('30 s');
    expect(formatDuration('en', 300)).toBe('1 s');
    expect(formatDuration('uk', 0)).toBe('0 хв');
  });

  it('times in the agent zone, 24-hour in uk and ru', () => {
    const at = Date.UTC(2025, 0, 15, 15, 7); // 17:07 in Kyiv (UTC+2 in winter)
    expect(formatTime('uk', at, 'Europe/Kyiv')).toBe('17:07');
    expect(formatTime('ru', at, 'Europe/Kyiv')).toBe('17:07');
  });

  it('dates and weekdays', () => {
    expect(formatDate('uk', '2025-03-03')).toBe('понеділок, 3 березня');
    expect(formatDate('ru', '2025-03-03')).toBe('понедельник, 3 марта');
    expect(formatDate('en', '2025-03-03')).toBe('Monday 3 March');
    expect(weekdayName('en', 7)).toBe('Sun');
  });

  it('the ticking clock', () => {
    expect(formatClock(7 * 3600_000 + 5 * 60_000 + 9_000)).toBe('7:05:09');
  });
});
