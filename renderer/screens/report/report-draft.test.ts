import { describe, expect, it } from 'vitest';
import type { ReportView } from '../../../shared/api.ts';
import { DEFAULT_KPIS } from '../../../shared/kpi.ts';
import { draftFrom, kpiProblems, problemsOf, toContent } from './report-draft.ts';

const itemId = '0190a8c0-0000-7000-8000-000000000001';
const view: ReportView = {
  date: '2025-03-03',
  plan: {
    id: 'p',
    date: '2025-03-03',
    zone: 'Europe/Kyiv',
    submittedAt: 0,
    revision: 1,
    note: '',
    commitments: {},
    items: [{ id: itemId, title: 'Call back Ivanenko', crm: null, priority: 1, estimateMin: 30, carriedFrom: null }],
  },
  report: null,
  prefill: { date: '2025-03-03', items: [], unplanned: [], kpis: [], blockers: '', note: '' },
  trackedMinutes: { [itemId]: 17 },
  kpis: [...DEFAULT_KPIS],
  targets: { calls_total: 40 },
  editable: true,
  currency: 'UAH',
};

describe('report draft', () => {
  it('prefills every planned task with tracked minutes and every target with an empty actual', () => {
    const draft = draftFrom(view);
    expect(draft.items).toEqual([{ itemId, outcome: 'not_done', comment: '', minutes: '17' }]);
    expect(draft.kpis).toEqual([{ key: 'calls_total', target: 40, actual: '', reason: null, reasonText: '' }]);
  });

  it('a CRM figure for a KPI with no target is an optional row: shown with the figure, dropped when emptied', () => {
    const filed = { ...view, crmActuals: { calls_total: 37, talk_minutes: 95 }, prefill: { ...view.prefill, kpis: [{ key: 'calls_total', target: 40, actual: 41, reason: null, reasonText: '' }] }, report: { date: view.date, status: 'submitted' as const, reviewComment: null, revisions: [] } };
    const draft = draftFrom(filed);
    expect(draft.kpis).toEqual([
      { key: 'calls_total', target: 40, actual: '41', reason: null, reasonText: '' },
      { key: 'talk_minutes', target: null, actual: '95', reason: null, reasonText: '' },
    ]);
    expect(toContent(view.date, draft).kpis.map((k) => [k.key, k.actual])).toEqual([['calls_total', 41], ['talk_minutes', 95]]);
    const emptied = { ...draft, kpis: draft.kpis.map((k) => ({ ...k, actual: '' })) };
    expect(toContent(view.date, emptied).kpis.map((k) => [k.key, k.actual])).toEqual([['calls_total', 0]]);
  });

  it('a first report shows the agent\'s prefilled 0 actuals as empty fields, a later one as typed', () => {
    const prefilled = { ...view, prefill: { ...view.prefill, kpis: [{ key: 'calls_total', target: 40, actual: 0, reason: null, reasonText: '' }] } };
    expect(draftFrom(prefilled).kpis[0]!.actual).toBe('');
    const filed = { ...prefilled, report: { date: view.date, status: 'submitted' as const, reviewComment: null, revisions: [] } };
    expect(draftFrom(filed).kpis[0]!.actual).toBe('0');
  });

  it('a missed KPI without a reason is a problem on that row; with a reason it is not', () => {
    const draft = draftFrom(view);
    draft.kpis[0]!.actual = '31';
    const problems = problemsOf(view, toContent(view.date, draft));
    expect(kpiProblems(problems, 0).map((p) => p.code)).toEqual(['reason_required']);
    draft.kpis[0]!.reason = 'clients_unreachable';
    expect(problemsOf(view, toContent(view.date, draft))).toEqual([]);
  });

  it('"other" needs words too', () => {
    const draft = draftFrom(view);
    draft.kpis[0]!.reason = 'other';
    expect(kpiProblems(problemsOf(view, toContent(view.date, draft)), 0)).toHaveLength(1);
    draft.kpis[0]!.reasonText = 'The CRM was down';
    expect(problemsOf(view, toContent(view.date, draft))).toEqual([]);
  });

  it('drops untitled unplanned rows and reads decimal commas', () => {
    const draft = draftFrom(view);
    draft.unplanned = [
      { id: '0190a8c0-0000-7000-8000-000000000002', title: ' ', minutes: '5', comment: '' },
      { id: '0190a8c0-0000-7000-8000-000000000003', title: 'Invoice for Petrenko', minutes: '12,4', comment: '' },
    ];
    const content = toContent(view.date, draft);
    expect(content.unplanned.map((u) => [u.title, u.minutes])).toEqual([['Invoice for Petrenko', 12]]);
  });
});
