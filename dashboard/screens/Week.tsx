// A manager's week, Monday to Sunday: days × worked, breaks, idle, plan filed, report state and
// KPI hits, each day a link to the day itself.
import { periodRange } from '../../shared/periods.ts';
import { useCall } from '../api/use-call.ts';
import { DateStepper, Loaded, ReportPill, today } from '../components/bits.tsx';
import { useI18n } from '../i18n/use-i18n.ts';
import { hrefOf, useRoute } from '../stores/route.ts';

export function Week({ userId, date }: { userId: string; date: string }) {
  const i18n = useI18n();
  const go = useRoute((s) => s.go);
  const monday = periodRange('week', date).from;
  const state = useCall('week', { params: { userId }, query: { date: monday } });
  return (
    <section>
      <Loaded state={state}>
        {(week) => (
          <>
            <div className="screen-head">
              <div>
                <h1 data-verbatim>{week.user.name}</h1>
                <p className="muted">{i18n.t('week.title')}</p>
              </div>
              <DateStepper
                date={monday}
                step={7}
                label={`${i18n.date(week.from, false)} – ${i18n.date(week.to, false)}`}
                onChange={(d) => go({ screen: 'week', userId, date: d })}
              />
            </div>
            <div className="card table-wrap">
              <table data-testid="week">
                <thead>
                  <tr>
                    <th scope="col">{i18n.t('week.day')}</th>
                    <th scope="col" className="num">{i18n.t('figure.worked')}</th>
                    <th scope="col" className="num">{i18n.t('figure.breaks')}</th>
                    <th scope="col" className="num">{i18n.t('figure.idleKept')}</th>
                    <th scope="col">{i18n.t('week.plan')}</th>
                    <th scope="col">{i18n.t('week.report')}</th>
                    <th scope="col" className="num">{i18n.t('week.kpis')}</th>
                  </tr>
                </thead>
                <tbody>
                  {week.days.map((d) => (
                    <tr key={d.date} className={d.scheduled ? '' : 'off-day'}>
                      <th scope="row">
                        <a href={hrefOf({ screen: 'day', userId, date: d.date })}>{i18n.date(d.date)}</a>
                      </th>
                      <td className="num">{i18n.duration(d.workedMs)}</td>
                      <td className="num">{i18n.duration(d.breakMs)}</td>
                      <td className="num">{i18n.duration(d.idle.keptMs)}</td>
                      <td>{d.plan.filed ? i18n.p('plural.tasks', d.plan.items) : d.scheduled && d.date <= today() ? <span className="bad-text">{i18n.t('team.noPlan')}</span> : '—'}</td>
                      <td>{d.report.state === 'none' ? '—' : <ReportPill state={d.report.state} late={d.report.late} />}</td>
                      <td className="num">{d.kpis.total === 0 ? '—' : i18n.t('week.kpiHits', { hit: d.kpis.hit, total: d.kpis.total })}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{i18n.t('week.total')}</th>
                    <td className="num">{i18n.duration(week.totals.workedMs)}</td>
                    <td className="num">{i18n.duration(week.totals.breakMs)}</td>
                    <td className="num">{i18n.duration(week.totals.idle.keptMs)}</td>
                    <td>{i18n.number(week.totals.plansFiled)}</td>
                    <td>{i18n.number(week.totals.reportsFiled)}</td>
                    <td className="num">{i18n.t('week.kpiHits', { hit: week.totals.kpisHit, total: week.totals.kpisHit + week.totals.kpisMissed })}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </>
        )}
      </Loaded>
    </section>
  );
}
