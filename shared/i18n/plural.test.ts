// Ukrainian and Russian pick among one/few/many by the last digits; English has one/other.
import { describe, expect, it } from 'vitest';
import { fill } from './fill.ts';
import { commonText } from './common-text.ts';

const plural = commonText.plural;

describe('plural forms', () => {
  it('Ukrainian minutes', () => {
    expect([1, 2, 5, 21, 11, 14, 22, 25, 101].map((n) => plural('uk', 'plural.minutes', n))).toEqual([
      '1 хвилина',
      '2 хвилини',
      '5 хвилин',
      '21 хвилина',
      '11 хвилин',
      '14 хвилин',
      '22 хвилини',
      '25 хвилин',
      '101 хвилина',
    ]);
  });

  it('Russian minutes', () => {
    expect([1, 3, 11, 21, 24, 0].map((n) => plural('ru', 'plural.minutes', n))).toEqual([
      '1 минута',
      '3 минуты',
      '11 минут',
      '21 минута',
      '24 минуты',
      '0 минут',
    ]);
  });

  it('English minutes', () => {
    expect([1, 2, 21].map((n) => plural('en', 'plural.minutes', n))).toEqual(['1 minute', '2 minutes', '21 minutes']);
  });

  it('formats the number per locale (a non-breaking group separator in uk)', () => {
    expect(plural('uk', 'plural.minutes', 1005)).toBe('1\u00a0005 хвилин');
    expect(plural('en', 'plural.minutes', 1005)).toBe('1,005 minutes');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('з {time} до {to}', { time: '09:00' })).toBe('з 09:00 до {to}');
  });
});
