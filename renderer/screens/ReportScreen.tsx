// The end-of-day self-report: outcomes, unplanned work, KPI actuals with reasons, blockers, note;
// revision history; read-only once the lead approved it, with the lead's comment if returned.
import { useEffect, useState } from 'react';
import type { ReportView } from '../../shared/api.ts';
import { AgentError } from '../transport/agent-error.ts';
import type { ReportProblem } from '../../shared/plan.ts';
import { errorText } from '../errors.ts';
import { useAction } from '../hooks/use-action.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import { useAgent } from '../stores/agent.ts';
import { useNav } from '../stores/nav.ts';
import { call } from '../transport/current.ts';
import { ItemOutcomes } from './report/ItemOutcomes.tsx';
import { KpiActuals } from './report/KpiActuals.tsx';
import { draftFrom, problemsOf, toContent, type ReportDraft } from './report/report-draft.ts';
import { RevisionHistory } from './report/RevisionHistory.tsx';
import { Unplanned } from './report/Unplanned.tsx';

export function ReportScreen() {
  const date = useNav((s) => s.reportDate);
  const [view, setView] = useState<ReportView | null>(null);
  const { error, run } = useAction();
  useEffect(() => {
    setView(null);
    void run(async () => setView(await call('getReport', date ? { date } : {})));
  }, [date, run]);
  if (error) return <p className="error">{error}</p>;
  if (!view) return null;
  const revision = view.report?.revisions.at(-1)?.revision ?? 0;
  return <ReportForm key={`${view.date}:${revision}`} view={view} onSaved={setView} />;
}

function ReportForm({ view, onSaved }: { view: ReportView; onSaved(view: ReportView): void }) {
  const i18n = useI18n();
  const refresh = useAgent((s) => s.refresh);
  const [draft, setDraft] = useState<ReportDraft>(() => draftFrom(view));
  const [problems, setProblems] = useState<ReportProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const report = view.report;
  const last = report?.revisions.at(-1);

  const refuse = (found: ReportProblem[]) => {
    setProblems(found);
    // Focus the first field with a problem; the alert above the button says why.
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };

  const submit = async () => {
    const content = toContent(view.date, draft);
    const found = problemsOf(view, content);
    setFailure(null);
    if (found.length) return refuse(found);
    setProblems([]);
    setBusy(true);
    try {
      const saved = await call('submitReport', content);
      await refresh();
      onSaved(saved);
    } catch (error) {
      // The agent checks again (its targets are the ones that count): show its problems the same way.
      if (error instanceof AgentError && error.code === 'report_incomplete' && Array.isArray(error.details)) refuse(error.details as ReportProblem[]);
      else setFailure(errorText(i18n, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="screen"
      aria-labelledby="report-heading"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="report-heading">{i18n.t('report.heading', { date: i18n.date(view.date, false) })}</h2>
      <p className="muted" data-testid="report-status">
        {i18n.t('report.status', { status: report ? i18n.t(`report.status.${report.status}`) : i18n.t('report.notFiled') })}
        {last && ` · ${i18n.t('report.submittedAt', { time: i18n.dateTime(last.submittedAt, last.zone) })}`}
      </p>
      {!view.editable && <p className="note">{i18n.t('report.locked')}</p>}
      {report?.status === 'returned' && (
        <div className="note returned">
          <p>{i18n.t('report.returned')}</p>
          {report.reviewComment && (
            <blockquote aria-label={i18n.t('report.leadComment')}>
              <strong>{i18n.t('report.leadComment')}:</strong> {report.reviewComment}
            </blockquote>
          )}
        </div>
      )}
      <fieldset className="bare" disabled={!view.editable || busy}>
        {view.plan ? (
          <ItemOutcomes plan={view.plan.items} items={draft.items} tracked={view.trackedMinutes} onChange={(items) => setDraft({ ...draft, items })} />
        ) : (
          <p className="muted">{i18n.t('report.noPlan')}</p>
        )}
        {problems.some((p) => p.code === 'missing_item') && <p className="error">{i18n.t('problem.missing_item')}</p>}
        <Unplanned rows={draft.unplanned} onChange={(unplanned) => setDraft({ ...draft, unplanned })} />
        <KpiActuals kpis={draft.kpis} definitions={view.kpis} problems={problems} onChange={(kpis) => setDraft({ ...draft, kpis })} />
        <div className="row section">
          <div className="field grow">
            <label htmlFor="report-blockers">{i18n.t('report.blockers')}</label>
            <textarea id="report-blockers" rows={3} maxLength={5000} value={draft.blockers} onChange={(e) => setDraft({ ...draft, blockers: e.target.value })} />
          </div>
          <div className="field grow">
            <label htmlFor="report-note">{i18n.t('report.note')}</label>
            <textarea id="report-note" rows={3} maxLength={5000} value={draft.note} onChange={(e) => setDraft({ ...draft, note: e.target.value })} />
          </div>
        </div>
        {(problems.length > 0 || failure) && (
          <p className="error" role="alert" data-testid="report-refused">
            {failure ?? i18n.t('report.refused')}
          </p>
        )}
        {view.editable && (
          <div className="actions">
            <button type="submit" className="primary">
              {report ? i18n.t('report.resubmit') : i18n.t('report.submit')}
            </button>
          </div>
        )}
      </fieldset>
      <RevisionHistory revisions={report?.revisions ?? []} plan={view.plan} kpis={view.kpis} />
    </form>
  );
}
