// My place on the team's board, as the hub ranked it: the band, my score beside the team's
// average and best, how far each threshold above me is, and the work left to the period's
// targets. Anonymous unless the lead published the board (then it is listed with names).
import { Trophy } from 'lucide-react';
import type { StandingView } from '../../../shared/api.ts';
import type { KpiDefinition } from '../../../shared/kpi.ts';
import { displayPace } from '../../../shared/kpi-rules.ts';
import { useI18n } from '../../i18n/use-i18n.ts';

const UNITS = new Set<KpiDefinition['unit']>(['count', 'minutes', 'money', 'percent']);
const unitOf = (unit: string): KpiDefinition['unit'] => (UNITS.has(unit as KpiDefinition['unit']) ? (unit as KpiDefinition['unit']) : 'count');

export function StandingPanel({ view }: { view: StandingView }) {
  const i18n = useI18n();
  if (!view.available) return null;
  const standing = view.standing;
  const score = (s: number | null) => (s === null ? '—' : i18n.kpi(Math.round(s * 1000) / 10, 'percent', view.currency));
  const body = () => {
    if (!standing || standing.count === 0) return <p className="muted">{i18n.t('standing.nothing')}</p>;
    const kpiName =
      standing.kpi === 'all'
        ? i18n.t('standing.byAll')
        : i18n.t('standing.byKpi', { kpi: (view.kpis.find((k) => k.key === standing.kpi) ?? standing.workLeft.find((w) => w.key === standing.kpi))?.names[i18n.locale] ?? standing.kpi });
    return (
      <>
        <p className="muted small" data-testid="standing-period">
          {i18n.t('standing.period', { from: i18n.date(standing.period.from, false), to: i18n.date(standing.period.to, false), count: i18n.number(standing.count) })} · {kpiName}
        </p>
        <p className={`standing-band${standing.band ? ` band-${standing.band}` : ''}`} data-testid="standing-band">
          <Trophy className="icon" aria-hidden="true" />
          <strong>{standing.band ? i18n.t(`standing.band.${standing.band}`) : i18n.t('standing.noScore')}</strong>
        </p>
        <dl className="totals">
          <div className="total-work">
            <dt>{i18n.t('standing.me')}</dt>
            <dd data-testid="standing-score">{score(standing.score)}</dd>
          </div>
          <div>
            <dt>{i18n.t('standing.average')}</dt>
            <dd data-testid="standing-average">{score(standing.team.average)}</dd>
          </div>
          <div>
            <dt>{i18n.t('standing.best')}</dt>
            <dd data-testid="standing-best">{score(standing.team.best)}</dd>
          </div>
        </dl>
        <p className="muted small">{i18n.t('standing.scoreHint')}</p>
        {standing.score !== null && (
          <table className="kpi-table" data-testid="standing-gaps">
            <caption>{i18n.t('standing.gaps')}</caption>
            <tbody>
              {(['top10', 'top25', 'top50'] as const).map((band) => {
                const gap = standing.gaps[band];
                return (
                  <tr key={band}>
                    <th scope="row">{i18n.t(`standing.gap.${band}`)}</th>
                    <td className="num">{gap === null ? '—' : gap <= 0 ? i18n.t('standing.gapReached') : i18n.t('standing.gapPoints', { points: i18n.number(Math.round(gap * 1000) / 10) })}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <h4>{i18n.t('standing.workLeft')}</h4>
        {standing.workLeft.length === 0 ? (
          <p className="muted">{i18n.t('standing.allMet')}</p>
        ) : (
          <ul className="standing-left" data-testid="standing-work-left">
            {standing.workLeft.map((w) => {
              const unit = unitOf(w.unit);
              return (
                <li key={w.key}>
                  <strong>{w.names[i18n.locale]}</strong>: {i18n.t('standing.left', { value: i18n.kpi(w.remaining, unit, view.currency) })}
                  {w.requiredPace !== null && <span className="muted"> · {i18n.t('standing.pace', { value: i18n.kpi(displayPace(w.requiredPace, unit), unit, view.currency) })}</span>}
                </li>
              );
            })}
          </ul>
        )}
        {standing.board ? (
          <>
            <h4>{i18n.t('standing.board')}</h4>
            <ol className="standing-board" data-testid="standing-board">
              {standing.board.map((row) => (
                <li key={`${row.rank}:${row.name}`} value={row.rank} className={row.me ? 'me' : undefined} aria-current={row.me ? 'true' : undefined}>
                  {row.name} — {score(row.score)}
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p className="muted small">{i18n.t('standing.anonymous')}</p>
        )}
      </>
    );
  };
  return (
    <section className="section" aria-labelledby="standing-heading" data-testid="standing">
      <h3 id="standing-heading">{i18n.t('standing.heading')}</h3>
      {body()}
    </section>
  );
}
