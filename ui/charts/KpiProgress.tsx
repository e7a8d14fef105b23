// KPIs against the lead's targets: the manager's own commitment from the plan beside the target
// and, once reported, the actual, with a bar for the share of the target reached. Values in each
// KPI's unit (money in the organization's currency).
import './charts.css';
import type { KpiDefinition } from '../../shared/kpi.ts';
import { isMissed } from '../../shared/kpi-rules.ts';
import { useCommonI18n } from '../i18n/use-i18n.ts';

export interface KpiProgressProps {
  /** The team's KPI definitions (for their names and units). */
  kpis: readonly KpiDefinition[];
  /** The lead's targets by KPI key: one row each. */
  targets: Record<string, number>;
  /** The manager's own commitments from the day's plan. */
  commitments: Record<string, number>;
  /** The reported actuals (the last revision), empty before the report. */
  actuals: Record<string, number>;
  /** The organization's currency (ISO 4217), for money KPIs. */
  currency: string;
}

export function KpiProgress({ kpis, targets, commitments, actuals, currency }: KpiProgressProps) {
  const i18n = useCommonI18n();
  const keys = Object.keys(targets);
  if (keys.length === 0) return <p className="muted">{i18n.t('plan.noTargets')}</p>;
  const reported = Object.keys(actuals).length > 0;
  return (
    <figure className="chart">
      <table className="kpi-table" data-testid="kpi-progress">
        <thead>
          <tr>
            <th scope="col">{i18n.t('plan.kpiName')}</th>
            <th scope="col" className="num">
              {i18n.t('day.target')}
            </th>
            <th scope="col" className="num">
              {i18n.t('day.commitment')}
            </th>
            <th scope="col" className="num">
              {i18n.t('day.actual')}
            </th>
            <th scope="col" className="kpi-bar-col">
              {i18n.t('day.kpiReached')}
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const definition = kpis.find((d) => d.key === key);
            const unit = definition?.unit ?? 'count';
            const target = targets[key] ?? 0;
            const commitment = commitments[key];
            const actual = actuals[key];
            const value = (n: number | undefined) => (n === undefined ? '—' : i18n.kpi(n, unit, currency));
            const share = (n: number | undefined) => (n === undefined || target <= 0 ? null : n / target);
            const missed = definition !== undefined && actual !== undefined && isMissed(definition, target, actual);
            const reach = share(actual);
            const promised = share(commitment);
            const max = Math.max(1, reach ?? 0, promised ?? 0);
            return (
              <tr key={key}>
                <th scope="row">{definition?.names[i18n.locale] ?? key}</th>
                <td className="num">{value(target)}</td>
                <td className="num">{value(commitment)}</td>
                <td className={`num${missed ? ' missed' : ''}`}>{value(actual)}</td>
                <td className="kpi-bar-col">
                  {(reach !== null || promised !== null) && (
                    <div className="kpi-bar" aria-hidden="true">
                      {reach !== null && <span className={`kpi-bar-fill${missed ? ' missed' : ''}`} style={{ width: `${(Math.min(reach, max) / max) * 100}%` }} />}
                      <span className="kpi-bar-target" style={{ left: `${(1 / max) * 100}%` }} />
                      {promised !== null && <span className="kpi-bar-commitment" style={{ left: `${(Math.min(promised, max) / max) * 100}%` }} />}
                    </div>
                  )}
                  {reach !== null && <span className="kpi-share">{i18n.number(Math.round(reach * 100))}%</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!reported && <p className="muted small">{i18n.t('day.kpiNoActuals')}</p>}
    </figure>
  );
}
