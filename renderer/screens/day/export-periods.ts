// The periods the export offers, as date ranges that end today at the latest (nothing later is
// recorded). Kept free of zod: shared/periods.ts, which has the dashboard's periods, builds schemas.
import { isoWeekday } from '../../../shared/prompts.ts';
import { addDays } from '../../../shared/time.ts';

export const EXPORT_PERIODS = ['week', 'lastWeek', 'month', 'today'] as const;
export type ExportPeriod = (typeof EXPORT_PERIODS)[number];

export function exportRange(period: ExportPeriod, today: string): { from: string; to: string } {
  const monday = addDays(today, 1 - isoWeekday(today));
  switch (period) {
    case 'today':
      return { from: today, to: today };
    case 'week':
      return { from: monday, to: today };
    case 'lastWeek':
      return { from: addDays(monday, -7), to: addDays(monday, -1) };
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today };
  }
}
