import { describe, expect, it } from 'vitest';
import { displayPace } from './kpi-rules.ts';

describe('displayPace', () => {
  it('rounds what comes whole up: a fraction of a call or a minute is one more', () => {
    const remaining = 158;
    const days = 22;
    const pace = remaining / days;
    expect(Number.isInteger(pace)).toBe(false);
    expect(displayPace(pace, 'count')).toBe(Math.floor(pace) + 1);
    expect(displayPace(pace, 'count') * days).toBeGreaterThanOrEqual(remaining);
    expect((displayPace(pace, 'count') - 1) * days).toBeLessThan(remaining);
    expect(displayPace(pace, 'minutes')).toBe(Math.floor(pace) + 1);
    expect(displayPace(880 / 22, 'count')).toBe(880 / 22);
    // A float residue is no extra call.
    expect(displayPace(0.1 * 3 * 100, 'count')).toBe(30);
  });

  it('money and percentages keep two decimals', () => {
    expect(displayPace(1000 / 3, 'money')).toBe(333.33);
    expect(displayPace(200 / 3, 'percent')).toBe(66.67);
  });
});
