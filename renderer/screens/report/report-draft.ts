// The report form's working copy. Numbers stay text while typed (an emptied field is not a 0
// until it is sent); toContent turns the draft into what the contract takes.
import type { ReportView } from '../../../shared/api.ts';
import type { ReportDraft } from '../../../shared/drafts.ts';
import { checkReport, type ReportContent, type ReportProblem } from '../../../shared/plan.ts';

/** The report form as typed (shared/drafts.ts): numbers stay text until filed. */
export type { ReportDraft };
export type ItemDraft = ReportDraft['items'][number];
export type UnplannedDraft = ReportDraft['unplanned'][number];
export type KpiDraft = ReportDraft['kpis'][number];

export function draftFrom(view: ReportView): ReportDraft {
  const p = view.prefill;
  // Every planned task gets a row even if the prefill (an older revision) lacks one.
  const byId = new Map(p.items.map((i) => [i.itemId, i]));
  const items = (view.plan?.items ?? []).map((item) => {
    const prior = byId.get(item.id);
    return {
      itemId: item.id,
      outcome: prior?.outcome ?? 'not_done',
      comment: prior?.comment ?? '',
      minutes: String(prior?.minutes ?? view.trackedMinutes[item.id] ?? 0),
    };
  });
  // Before the first revision the agent prefills actuals with 0 (no CRM figures yet): show an empty
  // field to fill in, not a "missed" verdict on a number nobody typed.
  const typed = (actual: number) => (view.report === null && actual === 0 ? '' : String(actual));
  const kpis = p.kpis.map((k) => ({ key: k.key, target: view.targets[k.key] ?? k.target, actual: typed(k.actual), reason: k.reason, reasonText: k.reasonText }));
  for (const [key, target] of Object.entries(view.targets)) {
    if (!kpis.some((k) => k.key === key)) kpis.push({ key, target, actual: '', reason: null, reasonText: '' });
  }
  // A CRM figure for a KPI with no target that the report does not hold yet (it came after the
  // report was filed): an optional row with the CRM's figure, as on a new report.
  for (const d of view.kpis) {
    const crm = view.crmActuals?.[d.key];
    if (crm !== undefined && view.targets[d.key] === undefined && !kpis.some((k) => k.key === d.key)) kpis.push({ key: d.key, target: null, actual: String(crm), reason: null, reasonText: '' });
  }
  return {
    items,
    unplanned: p.unplanned.map((u) => ({ id: u.id, title: u.title, minutes: String(u.minutes), comment: u.comment })),
    kpis,
    blockers: p.blockers,
    note: p.note,
  };
}

const wholeMinutes = (text: string): number => {
  const n = Math.round(Number(text.replace(',', '.')));
  return Number.isFinite(n) && n > 0 ? Math.min(n, 24 * 60) : 0;
};
export const amount = (text: string): number => {
  const n = Number(text.replace(',', '.').replace(/\s/g, ''));
  return Number.isFinite(n) && n > 0 ? n : 0;
};

export function toContent(date: string, draft: ReportDraft): ReportContent {
  return {
    date,
    items: draft.items.map((i) => ({ itemId: i.itemId, outcome: i.outcome, comment: i.comment, minutes: wholeMinutes(i.minutes) })),
    // A row left without a title is an unused row, not unplanned work.
    unplanned: draft.unplanned
      .filter((u) => u.title.trim() !== '')
      .map((u) => ({ id: u.id, title: u.title.trim(), minutes: wholeMinutes(u.minutes), comment: u.comment })),
    // A KPI with no target is optional: left empty, it is not reported (not a claim of 0).
    kpis: draft.kpis.filter((k) => k.target !== null || k.actual.trim() !== '').map((k) => ({ key: k.key, target: k.target, actual: amount(k.actual), reason: k.reason, reasonText: k.reasonText })),
    blockers: draft.blockers,
    note: draft.note,
  };
}

/** The same rules the agent applies on submit, so problems show before the round trip. */
export function problemsOf(view: ReportView, content: ReportContent): ReportProblem[] {
  return checkReport(content, view.plan, view.kpis);
}

/** Problems for the KPI row `index` (paths like `kpis[0].reason`). */
export function kpiProblems(problems: readonly ReportProblem[], index: number): ReportProblem[] {
  return problems.filter((p) => p.path === `kpis[${index}]` || p.path.startsWith(`kpis[${index}].`));
}
