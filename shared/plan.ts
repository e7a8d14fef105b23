// The morning plan and the end-of-day self-report: schemas shared by the agent's UI, the agent's
// store and the hub (which receives them as synced records).
import { z } from 'zod';
import { MISS_REASONS, needsReason, type KpiDefinition } from './kpi.ts';

export const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const CrmLinkSchema = z
  .object({ system: z.string().min(1).max(40), id: z.string().min(1).max(100), url: z.url().max(2000).nullable() })
  .strict();

export const PlanItemSchema = z
  .object({
    id: z.uuid(),
    title: z.string().trim().min(1, 'a task needs a title').max(500),
    crm: CrmLinkSchema.nullable().default(null),
    priority: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
    estimateMin: z.int().min(0).max(24 * 60).default(0),
    /** Carried over from an earlier day's plan, unfinished there. */
    carriedFrom: DateSchema.nullable().default(null),
  })
  .strict();
export type PlanItem = z.infer<typeof PlanItemSchema>;

export const PlanInputSchema = z
  .object({
    date: DateSchema,
    items: z.array(PlanItemSchema).max(100),
    /** The manager's own commitment per KPI key, beside the lead's target. */
    commitments: z.record(z.string(), z.number().min(0).max(1e12)).default({}),
    note: z.string().max(5000).default(''),
  })
  .strict();
export type PlanInput = z.input<typeof PlanInputSchema>;

export interface DayPlan extends z.infer<typeof PlanInputSchema> {
  /** Stable per day and device; a resubmitted plan keeps it. */
  id: string;
  zone: string;
  submittedAt: number;
  revision: number;
}

export const ITEM_OUTCOMES = ['done', 'partial', 'not_done', 'moved'] as const;
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number];

export const ItemOutcomeSchema = z
  .object({
    itemId: z.uuid(),
    outcome: z.enum(ITEM_OUTCOMES),
    comment: z.string().max(2000).default(''),
    minutes: z.int().min(0).max(24 * 60),
  })
  .strict();

export const UnplannedSchema = z
  .object({ id: z.uuid(), title: z.string().trim().min(1).max(500), minutes: z.int().min(0).max(24 * 60), comment: z.string().max(2000).default('') })
  .strict();

export const KpiActualSchema = z
  .object({
    key: z.string().min(1).max(48),
    target: z.number().min(0).nullable(),
    actual: z.number().min(0).max(1e12),
    reason: z.enum(MISS_REASONS).nullable().default(null),
    reasonText: z.string().max(2000).default(''),
  })
  .strict();

export const ReportInputSchema = z
  .object({
    date: DateSchema,
    items: z.array(ItemOutcomeSchema).max(100),
    unplanned: z.array(UnplannedSchema).max(100).default([]),
    kpis: z.array(KpiActualSchema).max(100).default([]),
    blockers: z.string().max(5000).default(''),
    note: z.string().max(5000).default(''),
  })
  .strict();
export type ReportInput = z.input<typeof ReportInputSchema>;
export type ReportContent = z.infer<typeof ReportInputSchema>;

export type ReportStatus = 'submitted' | 'approved' | 'returned';

export interface ReportRevision extends ReportContent {
  /** This revision's own id (a synced record). */
  id: string;
  /** Stable for the day's report across revisions. */
  reportId: string;
  revision: number;
  zone: string;
  submittedAt: number;
}

export interface DayReport {
  date: string;
  status: ReportStatus;
  /** The lead's comment when returned. */
  reviewComment: string | null;
  revisions: ReportRevision[];
}

export interface ReportProblem {
  path: string;
  code: 'reason_required' | 'unknown_item' | 'missing_item' | 'unknown_kpi';
  message: string;
}

/**
 * The rules a report must meet beyond its shape: every planned item accounted for, and a reason
 * for every KPI that missed its target. Returns the problems; an empty list means it may be filed.
 */
export function checkReport(report: ReportContent, plan: Pick<DayPlan, 'items'> | null, kpis: readonly KpiDefinition[]): ReportProblem[] {
  const problems: ReportProblem[] = [];
  const planned = new Set(plan?.items.map((i) => i.id) ?? []);
  const reported = new Set(report.items.map((i) => i.itemId));
  report.items.forEach((item, i) => {
    if (!planned.has(item.itemId)) problems.push({ path: `items[${i}]`, code: 'unknown_item', message: 'This task is not in the day plan.' });
  });
  for (const id of planned) {
    if (!reported.has(id)) problems.push({ path: 'items', code: 'missing_item', message: `Planned task ${id} has no outcome.` });
  }
  const definitions = new Map(kpis.map((d) => [d.key, d]));
  report.kpis.forEach((kpi, i) => {
    const definition = definitions.get(kpi.key);
    if (!definition) {
      problems.push({ path: `kpis[${i}]`, code: 'unknown_kpi', message: `Unknown KPI ${kpi.key}.` });
      return;
    }
    if (needsReason(definition, kpi)) {
      problems.push({
        path: `kpis[${i}].reason`,
        code: 'reason_required',
        message: `${definition.names.en} missed its target (${kpi.actual} of ${kpi.target}): give a reason.`,
      });
    }
  });
  return problems;
}
