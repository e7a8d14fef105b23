import { describe, expect, it } from 'vitest';
import { exportRange } from './export-periods.ts';

describe('export periods', () => {
  it('this week runs from Monday to today; last week from Monday to Sunday', () => {
    // Thursday 2026-03-05.
    expect(exportRange('week', '2026-03-05')).toEqual({ from: '2026-03-02', to: '2026-03-05' });
    expect(exportRange('lastWeek', '2026-03-05')).toEqual({ from: '2026-02-23', to: '2026-03-01' });
    expect(exportRange('week', '2026-03-02')).toEqual({ from: '2026-03-02', to: '2026-03-02' });
    expect(exportRange('week', '2026-03-08')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
  });

  it('this month from its first day; a year boundary is no special case', () => {
    expect(exportRange('month', '2026-03-05')).toEqual({ from: '2026-03-01', to: '2026-03-05' });
    expect(exportRange('lastWeek', '2026-01-01')).toEqual({ from: '2025-12-22', to: '2025-12-28' });
    expect(exportRange('today', '2026-03-05')).toEqual({ from: '2026-03-05', to: '2026-03-05' });
  });
});
