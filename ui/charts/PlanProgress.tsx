// The day plan's tasks: tracked time against the estimate, and the outcome once reported.
import './charts.css';
import type { ItemOutcome, PlanItem } from '../../shared/plan.ts';
import { useCommonI18n } from '../i18n/use-i18n.ts';

export interface PlanProgressProps {
  /** The day plan's tasks. */
  items: readonly PlanItem[];
  /** Tracked minutes per task id. */
  trackedMinutes: Record<string, number>;
  /** Each task's outcome from the report's last revision; empty before the report. */
  outcomes: Record<string, ItemOutcome>;
}

export function PlanProgress({ items, trackedMinutes, outcomes }: PlanProgressProps) {
  const i18n = useCommonI18n();
  if (items.length === 0) return <p className="muted">{i18n.t('day.noPlan')}</p>;
  const scale = Math.max(1, ...items.map((i) => Math.max(i.estimateMin, trackedMinutes[i.id] ?? 0)));
  return (
    <ul className="bars" data-testid="plan-progress">
      {items.map((item) => {
        const tracked = trackedMinutes[item.id] ?? 0;
        const outcome = outcomes[item.id];
        return (
          <li key={item.id} className="bar-row">
            <div className="bar-head">
              <span className="bar-name">
                {item.title}
                {outcome && <span className={`tag outcome-${outcome}`}>{i18n.t(`outcome.${outcome}`)}</span>}
              </span>
              <span className="bar-value">
                {item.estimateMin > 0
                  ? i18n.t('day.trackedOf', { tracked: i18n.duration(tracked * 60_000), estimate: i18n.duration(item.estimateMin * 60_000) })
                  : i18n.duration(tracked * 60_000)}
              </span>
            </div>
            <div className="bar-track" aria-hidden="true">
              {item.estimateMin > 0 && <span className="bar-estimate" style={{ width: `${(item.estimateMin / scale) * 100}%` }} />}
              <span className="bar-fill" style={{ width: `${(tracked / scale) * 100}%` }} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
