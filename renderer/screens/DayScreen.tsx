// My day: worked time, breaks and idle, the timeline, top apps, plan and KPI progress.
import { useEffect, useRef, useState } from 'react';
import type { ReportView } from '../../shared/api.ts';
import type { DaySummary } from '../../shared/days.ts';
import { useAction } from '../hooks/use-action.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import { useAgent } from '../stores/agent.ts';
import { usePlan } from '../stores/plan.ts';
import { call } from '../transport/current.ts';
import { KpiProgress } from '../../ui/charts/KpiProgress.tsx';
import { PlanProgress } from '../../ui/charts/PlanProgress.tsx';
import { Timeline } from '../../ui/charts/Timeline.tsx';
import { TopApps } from '../../ui/charts/TopApps.tsx';

/** Live changes come every few seconds while working; the day's figures need not follow faster. */
const MIN_REFETCH_MS = 5_000;

export function DayScreen() {
  const i18n = useI18n();
  const version = useAgent((s) => s.version);
  const plan = usePlan((s) => s.view);
  const [data, setData] = useState<{ day: DaySummary; report: ReportView } | null>(null);
  const lastFetch = useRef(-Infinity);
  const { error, run } = useAction();
  useEffect(() => {
    // Each change restarts the wait, so a burst of changes ends in one fetch of the final state.
    const wait = Math.max(0, lastFetch.current + MIN_REFETCH_MS - performance.now());
    const timer = setTimeout(() => {
      lastFetch.current = performance.now();
      void run(async () => {
        const [day, report] = await Promise.all([call('day', {}), call('getReport', {})]);
        setData({ day, report });
      });
    }, wait);
    return () => clearTimeout(timer);
  }, [version, run]);
  if (error && !data) return <p className="error">{error}</p>;
  if (!data) return null;
  const { day, report } = data;
  const last = report.report?.revisions.at(-1);
  return (
    <div className="screen" aria-labelledby="day-heading">
      <h2 id="day-heading">{i18n.t('day.heading', { date: i18n.date(day.date) })}</h2>
      <dl className="totals">
        <div>
          <dt>{i18n.t('day.worked')}</dt>
          <dd data-testid="day-worked">{i18n.duration(day.workedMs)}</dd>
        </div>
        <div>
          <dt>{i18n.t('day.breaks')}</dt>
          <dd>{i18n.duration(day.breakMs)}</dd>
        </div>
        <div>
          <dt>{i18n.t('day.idle')}</dt>
          <dd>
            {i18n.duration(day.idle.keptMs + day.idle.breakMs + day.idle.discardedMs + day.idle.pendingMs)}
            {day.idle.pendingMs > 0 && <span className="muted small"> · {i18n.t('day.idlePending', { duration: i18n.duration(day.idle.pendingMs) })}</span>}
          </dd>
        </div>
      </dl>
      <section className="section" aria-labelledby="timeline-heading">
        <h3 id="timeline-heading">{i18n.t('day.timeline')}</h3>
        <Timeline day={day} />
      </section>
      <div className="grid-2">
        <section className="section" aria-labelledby="apps-heading">
          <h3 id="apps-heading">{i18n.t('day.topApps')}</h3>
          <TopApps day={day} />
        </section>
        <section className="section" aria-labelledby="progress-heading">
          <h3 id="progress-heading">{i18n.t('day.planProgress')}</h3>
          <PlanProgress
            items={report.plan?.items ?? []}
            trackedMinutes={report.trackedMinutes}
            outcomes={Object.fromEntries(last?.items.map((i) => [i.itemId, i.outcome]) ?? [])}
          />
        </section>
      </div>
      <section className="section" aria-labelledby="kpi-heading">
        <h3 id="kpi-heading">{i18n.t('day.kpiProgress')}</h3>
        <KpiProgress
          kpis={report.kpis}
          targets={report.targets}
          commitments={plan?.plan?.commitments ?? {}}
          actuals={Object.fromEntries(last?.kpis.map((k) => [k.key, k.actual]) ?? [])}
        />
      </section>
    </div>
  );
}
