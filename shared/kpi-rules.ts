// The KPI rules a browser screen needs, kept free of zod (kpi.ts, which re-exports them, builds
// schemas at load): why a KPI may be missed, and whether it was.
import type { KpiDefinition } from './kpi.ts';

/** Why a KPI was missed: a code the lead can group by, plus the manager's own words. */
export const MISS_REASONS = [
  'few_leads',
  'clients_unreachable',
  'client_postponed',
  'client_refused',
  'technical_issue',
  'other_tasks',
  'absence',
  'other',
] as const;
export type MissReason = (typeof MISS_REASONS)[number];

/** True when `actual` falls short of `target` in the KPI's direction. */
export function isMissed(definition: Pick<KpiDefinition, 'direction'>, target: number | null | undefined, actual: number): boolean {
  if (target === null || target === undefined) return false;
  return definition.direction === 'higher' ? actual < target : actual > target;
}

/**
 * Whether the manager's own figure and the CRM's disagree enough for a lead to look: they are
 * apart by at least one whole unit (a call, a minute, a hryvnia, a percentage point) AND by more
 * than 5% of the larger of the two. A CRM count keeps moving after the report is filed (a call
 * logged late, a deal closed in the evening), so a one-call or few-percent gap is noise; 42
 * reported against 37 in the CRM is not. Nothing differs while either figure is missing.
 */
export function crmDiffers(actual: number | null | undefined, crm: number | null | undefined): boolean {
  if (actual === null || actual === undefined || crm === null || crm === undefined) return false;
  const gap = Math.abs(actual - crm);
  return gap >= 1 && gap > 0.05 * Math.max(Math.abs(actual), Math.abs(crm));
}

/** A missed KPI needs a reason; "other" needs the manager's own words as well. */
export function needsReason(definition: Pick<KpiDefinition, 'direction'>, kpi: { target: number | null | undefined; actual: number; reason: MissReason | null | undefined; reasonText: string }): boolean {
  return isMissed(definition, kpi.target, kpi.actual) && (!kpi.reason || (kpi.reason === 'other' && !kpi.reasonText.trim()));
}

/**
 * The pace a screen shows per working day left. Calls, deals, meetings and minutes come whole,
 * so a count or a duration is rounded up (7.2 calls a day is 8: seven would fall short); money
 * and percentages keep two decimals. A float residue (20.000000001) is no extra unit.
 */
export function displayPace(pace: number, unit: KpiDefinition['unit']): number {
  if (unit === 'count' || unit === 'minutes') return Math.ceil(Math.round(pace * 1e6) / 1e6);
  return Math.round(pace * 100) / 100;
}
