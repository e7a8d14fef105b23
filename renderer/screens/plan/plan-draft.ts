// The plan form's working copy: what the manager is typing, turned into PlanInput on save.
import type { PlanView } from '../../../shared/api.ts';
import type { PlanDraft, PlanDraftItem } from '../../../shared/drafts.ts';
import { crmLinkId, type CrmTask } from '../../../shared/integrations.ts';
import type { PlanInput, PlanItem } from '../../../shared/plan.ts';

export type { PlanDraft };
/** A task as typed: the estimate stays text (an empty field is 0). */
export type DraftItem = PlanDraftItem;

export const newItem = (): DraftItem => ({ id: crypto.randomUUID(), title: '', priority: 2, estimate: '', carriedFrom: null, crm: null });

const fromItem = (i: PlanItem): DraftItem => ({
  id: i.id,
  title: i.title,
  priority: i.priority,
  estimate: i.estimateMin ? String(i.estimateMin) : '',
  carriedFrom: i.carriedFrom,
  crm: i.crm,
});

export function draftFrom(view: PlanView): PlanDraft {
  const commitments: Record<string, string> = {};
  for (const [key, target] of Object.entries(view.targets)) commitments[key] = String(view.plan?.commitments[key] ?? target);
  return {
    items: view.plan ? view.plan.items.map(fromItem) : [newItem()],
    commitments,
    note: view.plan?.note ?? '',
  };
}

/** A CRM task or deal as a plan item, linked to it (the hub sends its time to the CRM task). */
export function addCrm(draft: PlanDraft, task: CrmTask): PlanDraft {
  const kept = draft.items.filter((i) => i.title.trim() !== '' || draft.items.length > 1);
  const item: DraftItem = { ...newItem(), title: task.title.slice(0, 500), crm: { system: task.system, id: crmLinkId(task), url: task.url } };
  return { ...draft, items: [...kept, item] };
}

/** The CRM's tasks not yet in the plan. */
export function crmOffered(view: PlanView, draft: PlanDraft): CrmTask[] {
  const linked = new Set(draft.items.flatMap((i) => (i.crm ? [`${i.crm.system}|${i.crm.id}`] : [])));
  return (view.crmTasks ?? []).filter((t) => !linked.has(`${t.system}|${crmLinkId(t)}`));
}

export function addCarried(draft: PlanDraft, items: readonly PlanItem[]): PlanDraft {
  const have = new Set(draft.items.map((i) => i.id));
  // A blank first row is only a place to start typing; carried items replace it.
  const kept = draft.items.filter((i) => i.title.trim() !== '' || draft.items.length > 1);
  return { ...draft, items: [...kept, ...items.filter((i) => !have.has(i.id)).map(fromItem)] };
}

/** Indexes of items without a title: the form marks them instead of saving. */
export function untitled(draft: PlanDraft): number[] {
  return draft.items.flatMap((item, i) => (item.title.trim() === '' ? [i] : []));
}

function minutes(text: string): number {
  const n = Math.round(Number(text.replace(',', '.')));
  return Number.isFinite(n) && n > 0 ? Math.min(n, 24 * 60) : 0;
}

export function toInput(date: string, draft: PlanDraft): PlanInput {
  const commitments: Record<string, number> = {};
  for (const [key, text] of Object.entries(draft.commitments)) {
    const n = Number(text.replace(',', '.'));
    if (text.trim() !== '' && Number.isFinite(n) && n >= 0) commitments[key] = n;
  }
  return {
    date,
    items: draft.items.map((i) => ({ id: i.id, title: i.title.trim(), priority: i.priority, estimateMin: minutes(i.estimate), carriedFrom: i.carriedFrom, crm: i.crm })),
    commitments,
    note: draft.note,
  };
}
