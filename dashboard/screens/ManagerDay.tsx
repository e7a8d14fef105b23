// A manager's day: the timeline (work, break, idle by decision, paused, gaps) with the app layer
// by category, top apps and categories, plan against fact, KPIs with the reasons for misses, the
// report's revisions and reviews, and the lead's review of it.
import type { ManagerDay as Day, RouteOutput } from '../../shared/dashboard-api.ts';
import { Timeline } from '../../ui/charts/Timeline.tsx';
import { CategoryTotals, TopApps } from '../../ui/charts/TopApps.tsx';
import { APP_DETAILS, type AppDetail, type DaySummary } from '../../shared/days.ts';
import { useCall } from '../api/use-call.ts';
import { DateStepper, Loaded, ReportPill } from '../components/bits.tsx';
import { ReviewForm } from '../components/ReviewForm.tsx';
import { useI18n, type I18n } from '../i18n/use-i18n.ts';
import { hrefOf, useRoute } from '../stores/route.ts';


export function ManagerDay({ userId, date }: { userId: string; date: string }) {
  const i18n = useI18n();
  const go = useRoute((s) => s.go);
  const state = useCall('managerDay', { params: { userId, date } });
  return (
    <section>
      <Loaded state={state}>
        {(day) => (
          <>
            <div className="screen-head">
              <div>
                <h1 data-verbatim>{day.user.name}</h1>
                <p className="muted">{day.team?.name}</p>
              </div>
              <DateStepper date={date} step={1} label={i18n.date(date)} onChange={(d) => go({ screen: 'day', userId, date: d })} />
              <a href={hrefOf({ screen: 'week', userId, date })}>{i18n.t('day.weekLink')}</a>
            </div>
            <DayBody day={day} reload={state.reload} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function Figure({ label, value, tone }: { label: string; value: string; tone?: 'bad' }) {
  return (
    <div className={`stat${tone ? ` ${tone}` : ''}`}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

function DayBody({ day, reload }: { day: RouteOutput<'managerDay'>; reload: () => void }) {
  const i18n = useI18n();
  const s = day.summary;
  const zone = s.zone;
  const time = (t: number | null) => (t === null ? '—' : i18n.time(t, zone));
  return (
    <div className="day-grid">
      <div className="stats card span-2">
        <Figure label={i18n.t('figure.worked')} value={i18n.duration(s.workedMs)} />
        <Figure label={i18n.t('figure.breaks')} value={i18n.duration(s.breakMs)} />
        <Figure label={i18n.t('figure.idleKept')} value={i18n.duration(s.idle.keptMs)} />
        <Figure label={i18n.t('figure.paused')} value={i18n.duration(s.pausedMs)} />
        <Figure label={i18n.t('figure.first')} value={time(s.firstActivity)} />
        <Figure label={i18n.t('figure.last')} value={time(s.lastActivity)} />
        <Figure label={i18n.t('figure.lateStart')} value={day.lateStartMs ? i18n.duration(day.lateStartMs) : '—'} tone={day.lateStartMs ? 'bad' : undefined} />
        {day.schedule && <Figure label={i18n.t('figure.schedule')} value={`${day.schedule.start}–${day.schedule.end}`} />}
      </div>
      <div className="card span-2">
        <h2>{i18n.t('day.timeline')}</h2>
        <Timeline day={s} tasks={day.tasks} />
      </div>
      <div className="card">
        <h2>{i18n.t('day.topApps')}</h2>
        <TopAppList day={day} />
      </div>
      <div className="card">
        <h2>{i18n.t('day.categories')}</h2>
        {s.byCategory.length === 0 ? <p className="muted">{i18n.t('day.noActivity')}</p> : <CategoryTotals day={s} />}
      </div>
      <div className="card span-2">
        <h2>{i18n.t('day.planVsFact')}</h2>
        <PlanVsFact day={day} />
      </div>
      <div className="card span-2">
        <h2>{i18n.t('day.kpis')}</h2>
        <DayKpis day={day} />
      </div>
      <div className="card span-2">
        <h2>{i18n.t('day.report')}</h2>
        <ReportBlock day={day} reload={reload} i18n={i18n} />
      </div>
    </div>
  );
}

function TopAppList({ day }: { day: Day }) {
  const i18n = useI18n();
  if (day.summary.byApp.length === 0) return <p className="muted">{i18n.t('day.noActivity')}</p>;
  // Beneath each app, its top domains and, only where the team's policy records titles and the
  // day had no private mode (the hub then sends none), its top window titles.
  const titlesOf = new Map<string, AppDetail[]>();
  for (const t of day.titles.top) titlesOf.set(t.app, [...(titlesOf.get(t.app) ?? []), { kind: 'title', text: t.title, ms: t.ms }]);
  const summary: DaySummary = {
    ...day.summary,
    byApp: day.summary.byApp.map((a) => ({ ...a, top: [...a.top, ...(titlesOf.get(a.app) ?? [])].sort((x, y) => y.ms - x.ms).slice(0, APP_DETAILS) })),
  };
  return (
    <>
      <TopApps day={summary} />
      {day.titles.shown ? (
        day.titles.top.length > 0 && (
          <details className="table-alt">
            <summary>{i18n.t('day.titles')}</summary>
            <ul className="plain">
              {day.titles.top.map((t, i) => (
                <li key={i}>
                  <span className="muted">{t.app}:</span> {t.title} · {i18n.duration(t.ms)}
                </li>
              ))}
            </ul>
          </details>
        )
      ) : (
        <p className="muted small">{day.titles.hiddenBecause === 'private_mode' ? i18n.t('day.titlesPrivate') : i18n.t('day.titlesPolicy')}</p>
      )}
    </>
  );
}

function PlanVsFact({ day }: { day: Day }) {
  const i18n = useI18n();
  if (!day.plan && day.tasks.length === 0) return <p className="muted">{i18n.t('day.noPlanFiled')}</p>;
  return (
    <>
      {day.plan && <p className="muted small">{i18n.t('day.planFiledAt', { time: i18n.time(day.plan.submittedAt, day.summary.zone) })}</p>}
      <div className="table-wrap">
        <table data-testid="plan-vs-fact">
          <thead>
            <tr>
              <th scope="col">{i18n.t('day.task')}</th>
              <th scope="col" className="num">{i18n.t('day.estimate')}</th>
              <th scope="col" className="num">{i18n.t('day.trackedCol')}</th>
              <th scope="col" className="num">{i18n.t('day.reportedCol')}</th>
              <th scope="col">{i18n.t('day.outcome')}</th>
              <th scope="col">{i18n.t('day.comment')}</th>
            </tr>
          </thead>
          <tbody>
            {day.tasks.map((t) => (
              <tr key={t.id}>
                <th scope="row">
                  {t.title}
                  {t.carriedFrom && <span className="muted small"> · {i18n.t('day.carried', { date: i18n.date(t.carriedFrom, false) })}</span>}
                </th>
                <td className="num">{i18n.number(t.estimateMin)}</td>
                <td className="num">{i18n.duration(t.trackedMs)}</td>
                <td className="num">{t.reportedMinutes === null ? '—' : i18n.number(t.reportedMinutes)}</td>
                <td>{t.outcome ? <span className={`outcome outcome-${t.outcome}`}>{i18n.t(`outcome.${t.outcome}`)}</span> : '—'}</td>
                <td>{t.comment}</td>
              </tr>
            ))}
            {day.unplanned.map((u) => (
              <tr key={u.id} className="unplanned">
                <th scope="row">
                  {u.title} <span className="muted small">· {i18n.t('day.unplanned')}</span>
                </th>
                <td className="num">—</td>
                <td className="num">—</td>
                <td className="num">{i18n.number(u.minutes)}</td>
                <td>—</td>
                <td>{u.comment}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {day.blockers && (
        <p>
          <strong>{i18n.t('day.blockers')}:</strong> {day.blockers}
        </p>
      )}
      {day.note && (
        <p>
          <strong>{i18n.t('day.note')}:</strong> {day.note}
        </p>
      )}
    </>
  );
}

function DayKpis({ day }: { day: Day }) {
  const i18n = useI18n();
  if (day.kpis.length === 0) return <p className="muted">{i18n.t('day.noKpis')}</p>;
  const value = (n: number | null, unit: Day['kpis'][number]['unit']) => (n === null ? '—' : i18n.kpi(n, unit, day.currency));
  const hasCrm = day.kpis.some((k) => k.crmActual !== null);
  return (
    <div className="table-wrap">
      <table data-testid="day-kpis">
        <thead>
          <tr>
            <th scope="col">{i18n.t('plan.kpiName')}</th>
            <th scope="col" className="num">{i18n.t('day.target')}</th>
            <th scope="col" className="num">{i18n.t('day.commitment')}</th>
            <th scope="col" className="num">{i18n.t('day.actual')}</th>
            {hasCrm && <th scope="col" className="num">{i18n.t('day.crm')}</th>}
            <th scope="col">{i18n.t('day.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {day.kpis.map((k) => {
            // The hub decides what counts as a difference (crmDiffers in shared/kpi-rules.ts).
            const differs = k.crmDiffers;
            return (
              <tr key={k.key} className={k.missed ? 'missed' : ''}>
                <th scope="row">{k.names[i18n.locale]}</th>
                <td className="num">{value(k.target, k.unit)}</td>
                <td className="num">{value(k.commitment, k.unit)}</td>
                <td className={`num${k.missed ? ' bad-text' : ''}`}>
                  {value(k.actual, k.unit)}
                  {k.missed && <span className="visually-hidden"> ({i18n.t('day.missed')})</span>}
                </td>
                {hasCrm && (
                  <td className={`num${differs ? ' warn-text' : ''}`}>
                    {value(k.crmActual, k.unit)}
                    {differs && <span className="flag warn">{i18n.t('day.crmDiffers')}</span>}
                  </td>
                )}
                <td>
                  {k.reason ? i18n.t(`reason.${k.reason}`) : k.missed ? i18n.t('day.missed') : ''}
                  {k.reasonText && <span className="muted"> — {k.reasonText}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ReportBlock({ day, reload, i18n }: { day: Day; reload: () => void; i18n: I18n }) {
  const r = day.report;
  const zone = day.summary.zone;
  if (!r) return <p className="muted">{i18n.t('day.noReport')}</p>;
  return (
    <div className="stack" data-testid="day-report">
      <p>
        <ReportPill state={r.flags.state} late={r.flags.late} resubmitted={r.flags.resubmitted} />{' '}
        <span className="muted small">{i18n.t('day.filedAt', { time: i18n.dateTime(r.lastSubmittedAt, zone) })}</span>
      </p>
      {r.revisions.length > 0 && (
        <details open={r.revisions.length > 1}>
          <summary>{i18n.p('plural.revisions', r.revisions.length)}</summary>
          <ol className="revisions">
            {r.revisions.map((rev) => (
              <li key={rev.id}>
                <span className="muted">{i18n.t('day.revision', { n: rev.revision, time: i18n.dateTime(rev.submittedAt, zone) })}</span>
                {rev.changes.length > 0 && (
                  <ul>
                    {rev.changes.map((c, i) => (
                      <li key={i}>
                        {i18n.t(`change.${c.section}`)}
                        {c.label && ` «${c.section === 'kpi' ? (day.kpis.find((k) => k.key === c.label)?.names[i18n.locale] ?? c.label) : c.label}»`}: {i18n.t(`field.${c.field}`)}{' '}
                        {c.before !== null && <del>{String(c.before)}</del>} {c.after !== null && <ins>{String(c.after)}</ins>}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </details>
      )}
      {r.reviews.length > 0 && (
        <ul className="reviews" data-testid="reviews">
          {r.reviews.map((rv, i) => (
            <li key={i} className={`review review-${rv.status}`}>
              <strong>{i18n.t(`reportState.${rv.status}`)}</strong> · {rv.reviewer?.name ?? '—'} · {i18n.dateTime(rv.at, zone)}
              {rv.rating !== null && ` · ${i18n.t('review.ratingValue', { n: rv.rating })}`}
              {rv.comment && <p className="quote">{rv.comment}</p>}
            </li>
          ))}
        </ul>
      )}
      {r.flags.state !== 'approved' && <ReviewForm reportId={r.reportId} onDone={reload} who={day.user.name} />}
    </div>
  );
}
