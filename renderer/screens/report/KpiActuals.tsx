// KPI actuals beside their targets; a missed target asks for a reason (a code the lead can group
// by, plus the manager's own words), and a refused submit shows its problem right here.
import { isMissed, MISS_REASONS, type KpiDefinition, type MissReason } from '../../../shared/kpi.ts';
import type { ReportProblem } from '../../../shared/plan.ts';
import { useI18n } from '../../i18n/use-i18n.ts';
import { amount, kpiProblems, type KpiDraft } from './report-draft.ts';

interface Props {
  kpis: KpiDraft[];
  definitions: KpiDefinition[];
  /** The manager's own commitments from the day's plan. */
  commitments: Record<string, number>;
  /** The organization's currency, for money KPIs. */
  currency: string;
  problems: readonly ReportProblem[];
  /** The CRM's (or another system's) figure per KPI key for the day. */
  crmActuals?: Record<string, number>;
  onChange(kpis: KpiDraft[]): void;
}

export function KpiActuals({ kpis, definitions, commitments, currency, problems, crmActuals = {}, onChange }: Props) {
  const i18n = useI18n();
  const update = (index: number, patch: Partial<KpiDraft>) => onChange(kpis.map((k, i) => (i === index ? { ...k, ...patch } : k)));
  return (
    <section className="section" aria-labelledby="kpis-heading">
      <h3 id="kpis-heading">{i18n.t('report.kpis')}</h3>
      {kpis.length === 0 && <p className="muted">{i18n.t('report.noKpis')}</p>}
      {kpis.map((kpi, index) => {
        const definition = definitions.find((d) => d.key === kpi.key);
        const name = definition?.names[i18n.locale] ?? kpi.key;
        const missed = definition !== undefined && kpi.actual.trim() !== '' && isMissed(definition, kpi.target, amount(kpi.actual));
        const mine = kpiProblems(problems, index);
        const problemId = `kpi-problem-${kpi.key}`;
        // "other" with a reason but no words: the words are what is missing.
        const problemText = mine.length ? i18n.t(kpi.reason === 'other' ? 'problem.reason_text_required' : 'problem.reason_required') : null;
        return (
          <div key={kpi.key} className={`kpi-row card-inner${missed ? ' missed' : ''}`} data-testid={`kpi-${kpi.key}`}>
            <div className="row">
              <div className="field grow">
                <label htmlFor={`kpi-actual-${kpi.key}`}>
                  {name}: {i18n.t('report.kpiActual')}
                </label>
                <div className="row tight">
                  <input
                    id={`kpi-actual-${kpi.key}`}
                    type="number"
                    min={0}
                    inputMode="decimal"
                    className="narrow-input"
                    aria-describedby={`kpi-target-${kpi.key}`}
                    value={kpi.actual}
                    onChange={(e) => update(index, { actual: e.target.value })}
                  />
                  <span id={`kpi-target-${kpi.key}`} className="muted">
                    {kpi.target !== null && i18n.t('report.kpiTarget', { target: i18n.kpi(kpi.target, definition?.unit ?? 'count', currency) })}
                    {commitments[kpi.key] !== undefined && ` · ${i18n.t('report.commitment', { value: i18n.kpi(commitments[kpi.key]!, definition?.unit ?? 'count', currency) })}`}
                  </span>
                  {crmActuals[kpi.key] !== undefined && (
                    <span className="row tight" data-testid={`kpi-crm-${kpi.key}`}>
                      <span className="badge neutral">{i18n.t('report.crmFigure', { value: i18n.kpi(crmActuals[kpi.key]!, definition?.unit ?? 'count', currency) })}</span>
                      {amount(kpi.actual) !== crmActuals[kpi.key] && (
                        <button type="button" className="small-button" onClick={() => update(index, { actual: String(crmActuals[kpi.key]) })}>
                          {i18n.t('report.useCrm')}
                        </button>
                      )}
                    </span>
                  )}
                  {kpi.actual.trim() !== '' && kpi.target !== null && (
                    <span className={missed ? 'badge bad' : 'badge good'}>{i18n.t(missed ? 'report.kpiMissed' : 'report.kpiMet')}</span>
                  )}
                </div>
              </div>
            </div>
            {(missed || mine.length > 0) && (
              <div className="row">
                <div className="field">
                  <label htmlFor={`kpi-reason-${kpi.key}`}>{i18n.t('report.reason')}</label>
                  <select
                    id={`kpi-reason-${kpi.key}`}
                    value={kpi.reason ?? ''}
                    aria-invalid={mine.length > 0 || undefined}
                    aria-describedby={problemText ? problemId : undefined}
                    onChange={(e) => update(index, { reason: (e.target.value || null) as MissReason | null })}
                  >
                    <option value="">{i18n.t('report.reasonPick')}</option>
                    {MISS_REASONS.map((r) => (
                      <option key={r} value={r}>
                        {i18n.t(`reason.${r}`)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field grow">
                  <label htmlFor={`kpi-reason-text-${kpi.key}`}>{i18n.t('report.reasonText')}</label>
                  <input
                    id={`kpi-reason-text-${kpi.key}`}
                    value={kpi.reasonText}
                    maxLength={2000}
                    aria-invalid={(mine.length > 0 && kpi.reason === 'other') || undefined}
                    onChange={(e) => update(index, { reasonText: e.target.value })}
                  />
                </div>
              </div>
            )}
            {problemText && (
              <p id={problemId} className="error" data-testid="kpi-problem">
                {problemText}
              </p>
            )}
          </div>
        );
      })}
    </section>
  );
}
