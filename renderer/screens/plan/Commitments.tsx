// Today's KPI targets from the lead, each beside the manager's own commitment.
import type { KpiDefinition } from '../../../shared/kpi.ts';
import { useI18n } from '../../i18n/use-i18n.ts';

interface Props {
  kpis: KpiDefinition[];
  /** The organization's currency, for money KPIs. */
  currency: string;
  targets: Record<string, number>;
  commitments: Record<string, string>;
  onChange(commitments: Record<string, string>): void;
}

export function Commitments({ kpis, currency, targets, commitments, onChange }: Props) {
  const i18n = useI18n();
  const keys = Object.keys(targets);
  return (
    <fieldset className="section">
      <legend>{i18n.t('plan.kpis')}</legend>
      {keys.length === 0 ? (
        <p className="muted">{i18n.t('plan.noTargets')}</p>
      ) : (
        <table className="kpi-table">
          <thead>
            <tr>
              <th scope="col">{i18n.t('plan.kpiName')}</th>
              <th scope="col" className="num">
                {i18n.t('plan.kpiTarget')}
              </th>
              <th scope="col" className="num">
                {i18n.t('plan.kpiCommit')}
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => {
              const definition = kpis.find((k) => k.key === key);
              const name = definition?.names[i18n.locale] ?? key;
              return (
                <tr key={key}>
                  <th scope="row" id={`kpi-name-${key}`}>
                    {name}
                  </th>
                  <td className="num">{i18n.kpi(targets[key] ?? 0, definition?.unit ?? 'count', currency)}</td>
                  <td className="num">
                    <input
                      type="number"
                      min={0}
                      inputMode="decimal"
                      aria-labelledby={`kpi-name-${key} kpi-commit-label`}
                      value={commitments[key] ?? ''}
                      onChange={(e) => onChange({ ...commitments, [key]: e.target.value })}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <span id="kpi-commit-label" hidden>
        {i18n.t('plan.kpiCommit')}
      </span>
    </fieldset>
  );
}
