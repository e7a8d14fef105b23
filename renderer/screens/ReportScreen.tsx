// The end-of-day self-report: outcomes, unplanned work, KPI actuals with reasons, blockers, note;
// revision history. What is typed is kept as a draft; the lead's review shows up while the screen
// is open (returned with a comment: editable again; approved: read-only at once).
import { useEffect, useRef, useState } from 'react';
import type { ReportView } from '../../shared/api.ts';
import type { ReportProblem } from '../../shared/plan.ts';
import { errorText } from '../errors.ts';
import { useAction } from '../hooks/use-action.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import { useAgent } from '../stores/agent.ts';
import { forgetDraft, keepDraft, loadDraft } from '../stores/drafts.ts';
import { useNav } from '../stores/nav.ts';
import { AgentError } from '../transport/agent-error.ts';
import { call } from '../transport/current.ts';
import { ItemOutcomes } from './report/ItemOutcomes.tsx';
import { KpiActuals } from './report/KpiActuals.tsx';
import { draftFrom, problemsOf, toContent, type ReportDraft } from './report/report-draft.ts';
import { ReviewNote } from './report/ReviewNote.tsx';
import { RevisionHistory } from './report/RevisionHistory.tsx';
import { Unplanned } from './report/Unplanned.tsx';

/** Live changes come in bursts while working; the review state need not follow faster. */
const REFETCH_DELAY_MS = 1_000;

const lastRevision = (view: ReportView) => view.report?.revisions.at(-1)?.revision ?? 0;

export function ReportScreen() {
  const date = useNav((s) => s.reportDate);
  const version = useAgent((s) => s.version);
  const [view, setView] = useState<ReportView | null>(null);
  const [draft, setDraft] = useState<{ date: string; revision: number; content: ReportDraft | null }>();
  const { error, run } = useAction();
  useEffect(() => {
    setView(null);
    setDraft(undefined);
    void run(async () => {
      const fresh = await call('getReport', date ? { date } : {});
      const stored = await loadDraft('report', fresh.date);
      const revision = lastRevision(fresh);
      // A draft started from another revision was overtaken by a report filed elsewhere.
      if (stored && stored.base !== revision) forgetDraft('report', fresh.date, true);
      setDraft({ date: fresh.date, revision, content: stored && stored.base === revision ? stored.content : null });
      setView(fresh);
    });
  }, [date, run]);
  // The lead's review arrives through the agent's change events: follow it while open.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => {
      void call('getReport', date ? { date } : {})
        .then((fresh) => setView((shown) => (shown && shown.date === fresh.date && lastRevision(shown) === lastRevision(fresh) ? { ...shown, report: fresh.report, editable: fresh.editable } : shown)))
        .catch(() => undefined);
    }, REFETCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [version, date]);
  if (error) return <p className="error">{error}</p>;
  if (!view || !draft) return null;
  const revision = lastRevision(view);
  return (
    <ReportForm
      key={`${view.date}:${revision}`}
      view={view}
      kept={draft.date === view.date && draft.revision === revision ? draft.content : null}
      onSaved={(saved) => {
        setDraft({ date: saved.date, revision: lastRevision(saved), content: null });
        setView(saved);
      }}
    />
  );
}

function ReportForm({ view, kept, onSaved }: { view: ReportView; kept: ReportDraft | null; onSaved(view: ReportView): void }) {
  const i18n = useI18n();
  const refresh = useAgent((s) => s.refresh);
  const afterClockOut = useNav((s) => s.afterClockOut);
  const go = useNav((s) => s.go);
  const [draft, setDraftState] = useState<ReportDraft>(() => kept ?? draftFrom(view));
  const [touched, setTouched] = useState(kept !== null);
  const [problems, setProblems] = useState<ReportProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const report = view.report;
  const last = report?.revisions.at(-1);

  // Every change is kept at once: another screen, a closed tab or a restart loses nothing.
  const setDraft = (next: ReportDraft) => {
    setDraftState(next);
    setTouched(true);
    keepDraft({ kind: 'report', key: view.date, base: last?.revision ?? 0, content: next });
  };

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
      // The agent cleared the stored draft with the revision.
      forgetDraft('report', view.date);
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
      data-testid="report-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="report-heading">{i18n.t('report.heading', { date: i18n.date(view.date, false) })}</h2>
      {afterClockOut && view.editable && (
        <div className="note info row-between" data-testid="after-clock-out">
          <p>{i18n.t('report.afterClockOut')}</p>
          <button type="button" className="small-button" onClick={() => go('day')}>
            {i18n.t('report.later')}
          </button>
        </div>
      )}
      <p className="muted" data-testid="report-status">
        {i18n.t('report.status', { status: report ? i18n.t(`report.status.${report.status}`) : i18n.t('report.notFiled') })}
        {last && ` · ${i18n.t('report.submittedAt', { time: i18n.dateTime(last.submittedAt, last.zone) })}`}
      </p>
      <ReviewNote report={report} editable={view.editable} />
      <fieldset className="bare" disabled={!view.editable || busy}>
        {view.plan ? (
          <ItemOutcomes plan={view.plan.items} items={draft.items} tracked={view.trackedMinutes} onChange={(items) => setDraft({ ...draft, items })} />
        ) : (
          <p className="muted">{i18n.t('report.noPlan')}</p>
        )}
        {problems.some((p) => p.code === 'missing_item') && <p className="error">{i18n.t('problem.missing_item')}</p>}
        <Unplanned rows={draft.unplanned} onChange={(unplanned) => setDraft({ ...draft, unplanned })} />
        <KpiActuals
          kpis={draft.kpis}
          definitions={view.kpis}
          commitments={view.plan?.commitments ?? {}}
          crmActuals={view.crmActuals ?? {}}
          currency={view.currency}
          problems={problems}
          onChange={(kpis) => setDraft({ ...draft, kpis })}
        />
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
            {touched && <span className="hint" data-testid="draft-kept">{i18n.t('report.draftKept')}</span>}
          </div>
        )}
      </fieldset>
      <RevisionHistory revisions={report?.revisions ?? []} plan={view.plan} kpis={view.kpis} currency={view.currency} />
    </form>
  );
}
