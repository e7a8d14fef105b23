import { describe, expect, it } from 'vitest';
import { formatClock, formatDate, formatDuration, formatKpiValue, formatMoney, formatTime, weekdayName } from './format.ts';

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

  it('money in the organization’s currency, as each locale writes it', () => {
    expect(formatMoney('uk', 12500, 'UAH')).toBe('12\u00a0500,00\u00a0₴');
    expect(formatMoney('ru', 12500, 'UAH')).toBe('12\u00a0500,00\u00a0₴');
    expect(formatMoney('en', 12500, 'EUR')).toBe('€12,500.00');
    expect(formatKpiValue('uk', 40, 'count', 'UAH')).toBe('40');
    expect(formatKpiValue('uk', 95, 'minutes', 'UAH')).toBe('1 год 35 хв');
    expect(formatKpiValue('en', 1500, 'money', 'USD')).toBe('US$1,500.00');
  });

  it('24-hour times in uk and ru, and in en as written in Britain', () => {
    const evening = Date.UTC(2025, 6, 1, 16, 5); // 19:05 in Kyiv (UTC+3 in summer)
    expect(formatTime('uk', evening, 'Europe/Kyiv')).toBe('19:05');
    expect(formatTime('ru', evening, 'Europe/Kyiv')).toBe('19:05');
    expect(formatTime('en', evening, 'Europe/Kyiv')).toBe('19:05');
  });
});
