// What the manager is typing but has not filed yet: the plan and report forms as typed (numbers
// stay text until filed) and the idle dialog's choice. The agent keeps one draft per form and day
// (per idle gap) in its local store, so nothing typed is lost to a navigation, a closed tab or a
// restart; filing clears it. Drafts never leave the device.
import { z } from 'zod';
import { MISS_REASONS } from './kpi.ts';
import { CrmLinkSchema, DateSchema, ITEM_OUTCOMES } from './plan.ts';

const Typed = (max: number) => z.string().max(max);
/** A number as typed into a field: digits, a decimal comma or point, spaces. */
const TypedNumber = z.string().max(40);

export const PlanDraftSchema = z
  .object({
    items: z
      .array(
        z
          .object({
            id: z.uuid(),
            title: Typed(500),
            priority: z.union([z.literal(1), z.literal(2), z.literal(3)]),
            estimate: TypedNumber,
            carriedFrom: DateSchema.nullable(),
            crm: CrmLinkSchema.nullable(),
          })
          .strict(),
      )
      .max(100),
    commitments: z.record(z.string().max(48), TypedNumber),
    note: Typed(5000),
  })
  .strict();
export type PlanDraft = z.infer<typeof PlanDraftSchema>;
export type PlanDraftItem = PlanDraft['items'][number];

export const ReportDraftSchema = z
  .object({
    items: z
      .array(z.object({ itemId: z.uuid(), outcome: z.enum(ITEM_OUTCOMES), comment: Typed(2000), minutes: TypedNumber }).strict())
      .max(100),
    unplanned: z.array(z.object({ id: z.uuid(), title: Typed(500), minutes: TypedNumber, comment: Typed(2000) }).strict()).max(100),
    kpis: z
      .array(
        z
          .object({
            key: z.string().min(1).max(48),
            target: z.number().min(0).nullable(),
            actual: TypedNumber,
            reason: z.enum(MISS_REASONS).nullable(),
            reasonText: Typed(2000),
          })
          .strict(),
      )
      .max(100),
    blockers: Typed(5000),
    note: Typed(5000),
  })
  .strict();
export type ReportDraft = z.infer<typeof ReportDraftSchema>;

export const IdleDraftSchema = z
  .object({
    /** Nothing is chosen until the manager chooses. */
    decision: z.enum(['keep', 'break', 'discard']).nullable(),
    label: z.string().max(200).nullable(),
  })
  .strict();
export type IdleDraft = z.infer<typeof IdleDraftSchema>;

/**
 * `base` is the revision the draft was started from (0: nothing filed yet). A draft whose base is
 * not the stored revision any more was overtaken (filed elsewhere) and is not offered.
 */
const Base = z.int().min(0).max(1_000_000);

export const DraftInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('plan'), key: DateSchema, base: Base, content: PlanDraftSchema }).strict(),
  z.object({ kind: z.literal('report'), key: DateSchema, base: Base, content: ReportDraftSchema }).strict(),
  z.object({ kind: z.literal('idle'), key: z.uuid(), base: Base, content: IdleDraftSchema }).strict(),
]);
export type DraftInput = z.infer<typeof DraftInputSchema>;
export type DraftKind = DraftInput['kind'];

export const DraftKeySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('plan'), key: DateSchema }).strict(),
  z.object({ kind: z.literal('report'), key: DateSchema }).strict(),
  z.object({ kind: z.literal('idle'), key: z.uuid() }).strict(),
]);
export type DraftKey = z.infer<typeof DraftKeySchema>;

/** A stored draft, as saved. */
export type Draft = DraftInput & { savedAt: number };
export type DraftOf<K extends DraftKind> = Extract<DraftInput, { kind: K }> & { savedAt: number };
