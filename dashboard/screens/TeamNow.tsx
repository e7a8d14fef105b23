// Team now, a lead's landing page: every manager of their teams with their state and since when,
// worked today, the category of the app in front, plan filed, yesterday's report, late start and
// today's shape. Counters at the top filter the list. Live: the hub's events refetch it, and a
// working person's hours tick on between answers.
import { useEffect, useState } from 'react';
import type { TeamNow as TeamNowData, TeamNowMember } from '../../shared/dashboard-api.ts';
import { categoryName } from '../../shared/i18n/labels.ts';
import { useCall } from '../api/use-call.ts';
import { Loaded, PresencePill, ReportPill, today } from '../components/bits.tsx';
import { Sparkline } from '../components/Sparkline.tsx';
import { useI18n } from '../i18n/use-i18n.ts';
import type { TextKey } from '../i18n/types.ts';
import { useLive } from '../stores/live.ts';
import { hrefOf, useRoute } from '../stores/route.ts';

export const FILTERS = ['all', 'working', 'break', 'not_started', 'no_plan', 'no_report'] as const;
export type Filter = (typeof FILTERS)[number];

const COUNTER: Record<Filter, { key: TextKey; count: (c: TeamNowData['counters']) => number }> = {
  all: { key: 'team.counter.all', count: (c) => c.total },
  working: { key: 'team.counter.working', count: (c) => c.working },
  break: { key: 'team.counter.break', count: (c) => c.onBreak },
  not_started: { key: 'team.counter.notStarted', count: (c) => c.notStarted },
  no_plan: { key: 'team.counter.noPlan', count: (c) => c.noPlan },
  no_report: { key: 'team.counter.noReport', count: (c) => c.noReportYesterday },
};

export function matches(m: TeamNowMember, filter: Filter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'working':
      return m.state === 'working';
    case 'break':
      return m.state === 'break';
    case 'not_started':
      return m.notStarted;
    case 'no_plan':
      return m.today.scheduled && !m.plan.filed;
    case 'no_report':
      return m.yesterday.report.state === 'missing';
  }
}

/** Re-renders every `ms` so running figures move. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

export function TeamNow({ filter: raw }: { filter?: string }) {
  const i18n = useI18n();
  const filter: Filter = (FILTERS as readonly string[]).includes(raw ?? '') ? (raw as Filter) : 'all';
  const state = useCall('teamNow', { query: {} });
  const streaming = useLive((s) => s.streaming);
  const go = useRoute((s) => s.go);
  return (
    <section>
      <div className="screen-head">
        <h1>{i18n.t('team.title')}</h1>
        <span className={`live ${streaming ? 'on' : 'off'}`} role="status">
          {streaming ? i18n.t('team.live') : i18n.t('team.polling')}
        </span>
      </div>
      <Loaded state={state}>
        {(data) => (
          <>
            <div className="counters" role="group" aria-label={i18n.t('team.countersLabel')}>
              {FILTERS.map((f) => (
                <button
                  key={f}
                  type="button"
                  className="counter"
                  aria-pressed={filter === f}
                  onClick={() => go({ screen: 'team', filter: f === 'all' ? undefined : f })}
                  data-testid={`counter-${f}`}
                >
                  <span className="counter-n">{i18n.number(COUNTER[f].count(data.counters))}</span>
                  <span className="counter-label">{i18n.t(COUNTER[f].key)}</span>
                </button>
              ))}
            </div>
            <Members data={data} filter={filter} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function Members({ data, filter }: { data: TeamNowData; filter: Filter }) {
  const i18n = useI18n();
  const now = useNow(30_000);
  const skew = useLive((s) => s.clockSkewMs);
  const shown = data.members.filter((m) => matches(m, filter));
  if (data.members.length === 0) return <p className="muted">{i18n.t('team.empty')}</p>;
  if (shown.length === 0) return <p className="muted">{i18n.t('team.noneMatch')}</p>;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const serverNow = now + skew;
  return (
    <ul className="members" data-testid="team-now">
      {shown.map((m) => {
        const running = m.state === 'working' ? Math.max(0, serverNow - data.serverTime) : 0;
        const worked = m.today.workedMs + running;
        return (
          <li key={m.user.id} className={`member state-${m.state}`} data-testid="member">
            <div className="member-who">
              <a href={hrefOf({ screen: 'day', userId: m.user.id, date: m.today.date ?? today() })} className="member-name" data-verbatim>
                {m.user.name}
              </a>
              {data.teams.length > 1 && <span className="muted small">{m.team.name}</span>}
            </div>
            <div className="member-state">
              <PresencePill state={m.state} />
              {m.since !== null && <span className="muted small">{i18n.t('team.since', { time: i18n.time(m.since, zone) })}</span>}
              {m.state === 'paused' && m.pauseReason && <span className="muted small">{i18n.t(`pause.${m.pauseReason}`)}</span>}
            </div>
            <div className="member-worked">
              <span className="figure">{i18n.duration(worked)}</span>
              <span className="muted small">{i18n.t('team.workedToday')}</span>
            </div>
            <div className="member-app">
              {m.current ? (
                <span className={`cat prod-${m.current.productivity}`}>{categoryName(i18n, m.current.category)}</span>
              ) : (
                <span className="muted">—</span>
              )}
              {m.label && <span className="muted small">{m.label}</span>}
            </div>
            <div className="member-flags">
              <span className={`flag ${m.plan.filed ? 'ok' : m.today.scheduled ? 'bad' : ''}`}>
                {m.plan.filed ? i18n.t('team.planFiled') : i18n.t('team.noPlan')}
              </span>
              <span className="flag-report">
                <span className="muted small">{i18n.t('team.yesterday')}</span> <ReportPill state={m.yesterday.report.state} late={m.yesterday.report.late} />
              </span>
              {m.today.lateStartMs !== null && m.today.lateStartMs > 0 && (
                <span className="flag bad">{i18n.t('team.lateBy', { time: i18n.duration(m.today.lateStartMs) })}</span>
              )}
              {m.notStarted && <span className="flag bad">{i18n.t('team.notStarted')}</span>}
            </div>
            <div className="member-spark">
              <Sparkline hours={m.today.sparkline} label={i18n.t('team.sparkline', { name: m.user.name })} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
