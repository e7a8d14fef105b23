// KPIs against the lead's targets: the manager's commitment from the plan and, once reported,
// the actual, as a share of the target.
import './charts.css';
import { Bar, BarChart, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { KpiDefinition } from '../../shared/kpi.ts';
import { useCommonI18n } from '../i18n/use-i18n.ts';

export interface KpiProgressProps {
  /** The team's KPI definitions (for their names). */
  kpis: readonly KpiDefinition[];
  /** The lead's targets by KPI key: one row each. */
  targets: Record<string, number>;
  /** The manager's own commitments from the day's plan. */
  commitments: Record<string, number>;
  /** The reported actuals (the last revision), empty before the report. */
  actuals: Record<string, number>;
}

export function KpiProgress({ kpis, targets, commitments: committed, actuals: reported }: KpiProgressProps) {
  const i18n = useCommonI18n();
  const keys = Object.keys(targets);
  if (keys.length === 0) return <p className="muted">{i18n.t('plan.noTargets')}</p>;
  const actuals = new Map(Object.entries(reported));
  const name = (key: string) => kpis.find((d) => d.key === key)?.names[i18n.locale] ?? key;
  const commitmentLabel = i18n.t('day.commitment');
  const actualLabel = i18n.t('day.actual');
  // Shares of the target, so KPIs of different sizes (40 calls, 3 deals) fit one axis.
  const pct = (value: number | undefined, target: number) => (value === undefined ? null : target > 0 ? Math.round((value / target) * 100) : 0);
  const data = keys.map((key) => {
    const target = targets[key] ?? 0;
    return { kpi: name(key), [commitmentLabel]: pct(committed[key], target), [actualLabel]: pct(actuals.get(key), target) };
  });
  const anything = actuals.size > 0 || Object.keys(committed).length > 0;
  return (
    <figure className="chart">
      {/* Bars only once there is something to draw against the targets; the table always. */}
      {anything && <div aria-hidden="true" style={{ height: 70 + keys.length * 40 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24, top: 4, bottom: 4 }}>
            <XAxis type="number" unit="%" domain={[0, (max: number) => Math.max(100, max)]} tick={{ fontSize: 11 }} />
            <YAxis type="category" dataKey="kpi" width={140} tick={{ fontSize: 12 }} />
            <Tooltip formatter={(v) => `${String(v)}%`} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <ReferenceLine x={100} stroke="#46505f" strokeDasharray="4 3" />
            <Bar dataKey={commitmentLabel} fill="#9ec9bd" isAnimationActive={false} />
            <Bar dataKey={actualLabel} fill="#2f7d6d" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>}
      <figcaption>
        <table className="kpi-table" data-testid="kpi-progress">
          <thead>
            <tr>
              <th scope="col">{i18n.t('plan.kpiName')}</th>
              <th scope="col" className="num">
                {i18n.t('day.target')}
              </th>
              <th scope="col" className="num">
                {commitmentLabel}
              </th>
              <th scope="col" className="num">
                {actualLabel}
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => {
              const commitment = committed[key];
              const actual = actuals.get(key);
              return (
                <tr key={key}>
                  <th scope="row">{name(key)}</th>
                  <td className="num">{i18n.number(targets[key] ?? 0)}</td>
                  <td className="num">{commitment === undefined ? '—' : i18n.number(commitment)}</td>
                  <td className="num">{actual === undefined ? '—' : i18n.number(actual)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {actuals.size === 0 && <p className="muted small">{i18n.t('day.kpiNoActuals')}</p>}
      </figcaption>
    </figure>
  );
}
