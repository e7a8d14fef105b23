// My day: worked time and breaks (time away shown as what the manager decided it was), the
// timeline, the apps and categories, plan and KPI progress, and the export of the records.
import { useEffect, useRef, useState } from 'react';
import type { ReportView, StandingView } from '../../shared/api.ts';
import type { DaySummary } from '../../shared/days.ts';
import { CategoryTotals, TopApps } from '../../ui/charts/TopApps.tsx';
import { KpiProgress } from '../../ui/charts/KpiProgress.tsx';
import { PlanProgress } from '../../ui/charts/PlanProgress.tsx';
import { Timeline } from '../../ui/charts/Timeline.tsx';
import { useIdleDialog } from '../components/idle-dialog-state.ts';
import { useAction } from '../hooks/use-action.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import { useAgent } from '../stores/agent.ts';
import { usePlan } from '../stores/plan.ts';
import { call } from '../transport/current.ts';
import { ExportPanel } from './day/ExportPanel.tsx';
import { StandingPanel } from './day/StandingPanel.tsx';

/** Live changes come every few seconds while working; the day's figures need not follow faster. */
const MIN_REFETCH_MS = 5_000;

export function DayScreen() {
  const i18n = useI18n();
  const version = useAgent((s) => s.version);
  const titles = useAgent((s) => s.status?.policy.titles);
  const plan = usePlan((s) => s.view);
  const reopenIdle = useIdleDialog((s) => s.reopen);
  const [data, setData] = useState<{ day: DaySummary; report: ReportView; standing: StandingView } | null>(null);
  const lastFetch = useRef(-Infinity);
  const { error, run } = useAction();
  useEffect(() => {
    // Each change restarts the wait, so a burst of changes ends in one fetch of the final state.
    const wait = Math.max(0, lastFetch.current + MIN_REFETCH_MS - performance.now());
    const timer = setTimeout(() => {
      lastFetch.current = performance.now();
      void run(async () => {
        const [day, report, standing] = await Promise.all([call('day', {}), call('getReport', {}), call('standing', {})]);
        setData({ day, report, standing });
      });
    }, wait);
    return () => clearTimeout(timer);
  }, [version, run]);
  if (error && !data) return <p className="error">{error}</p>;
  if (!data) return null;
  const { day, report, standing } = data;
  const last = report.report?.revisions.at(-1);
  const tasks = report.plan?.items ?? [];
  return (
    <div className="screen" aria-labelledby="day-heading">
      <h2 id="day-heading">{i18n.t('day.heading', { date: i18n.date(day.date) })}</h2>
      <dl className="totals">
        <div className="total-work">
          <dt>{i18n.t('day.worked')}</dt>
          <dd data-testid="day-worked">{i18n.duration(day.workedMs)}</dd>
        </div>
        <div>
          <dt>{i18n.t('day.breaks')}</dt>
          <dd data-testid="day-breaks">{i18n.duration(day.breakMs)}</dd>
        </div>
        {day.idle.pendingMs > 0 && (
          <div className="total-pending">
            <dt>{i18n.t('day.pending')}</dt>
            <dd data-testid="day-pending">
              {i18n.duration(day.idle.pendingMs)}{' '}
              <button type="button" className="small-button" onClick={reopenIdle}>
                {i18n.t('day.decide')}
              </button>
            </dd>
          </div>
        )}
        {day.idle.discardedMs > 0 && (
          <div>
            <dt>{i18n.t('day.discarded')}</dt>
            <dd data-testid="day-discarded">{i18n.duration(day.idle.discardedMs)}</dd>
          </div>
        )}
        {day.pausedMs > 0 && (
          <div>
            <dt>{i18n.t('day.paused')}</dt>
            <dd>{i18n.duration(day.pausedMs)}</dd>
          </div>
        )}
      </dl>
      <section className="section" aria-labelledby="timeline-heading">
        <h3 id="timeline-heading">{i18n.t('day.timeline')}</h3>
        <Timeline day={day} tasks={tasks} />
      </section>
      <div className="grid-2">
        <section className="section" aria-labelledby="apps-heading">
          <h3 id="apps-heading">{i18n.t('day.topApps')}</h3>
          <TopApps day={day} titlesRecorded={titles !== 'off'} />
        </section>
        <div>
          <section className="section" aria-labelledby="categories-heading">
            <h3 id="categories-heading">{i18n.t('day.categories')}</h3>
            {day.byCategory.length ? <CategoryTotals day={day} /> : <p className="muted">{i18n.t('day.noActivity')}</p>}
          </section>
          <section className="section" aria-labelledby="progress-heading">
            <h3 id="progress-heading">{i18n.t('day.planProgress')}</h3>
            <PlanProgress items={tasks} trackedMinutes={report.trackedMinutes} outcomes={Object.fromEntries(last?.items.map((i) => [i.itemId, i.outcome]) ?? [])} />
          </section>
        </div>
      </div>
      <section className="section" aria-labelledby="kpi-heading">
        <h3 id="kpi-heading">{i18n.t('day.kpiProgress')}</h3>
        <KpiProgress
          kpis={report.kpis}
          targets={report.targets}
          commitments={report.plan?.commitments ?? plan?.plan?.commitments ?? {}}
          actuals={Object.fromEntries(last?.kpis.map((k) => [k.key, k.actual]) ?? [])}
          currency={report.currency}
        />
      </section>
      <StandingPanel view={standing} />
      <ExportPanel today={day.date} />
    </div>
  );
}
