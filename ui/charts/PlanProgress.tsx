// Today's tasks: tracked minutes against the estimate, and the outcome once reported.
import './charts.css';
import { Bar, BarChart, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
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

export function PlanProgress({ items, trackedMinutes, outcomes: reported }: PlanProgressProps) {
  const i18n = useCommonI18n();
  if (items.length === 0) return <p className="muted">{i18n.t('day.noPlan')}</p>;
  const outcomes = new Map(Object.entries(reported));
  const tracked = i18n.t('day.tracked');
  const estimate = i18n.t('day.estimate');
  const data = items.map((item) => ({ title: item.title, [tracked]: trackedMinutes[item.id] ?? 0, [estimate]: item.estimateMin }));
  return (
    <figure className="chart">
      <div aria-hidden="true" style={{ height: 70 + items.length * 38 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24, top: 4, bottom: 4 }}>
            <XAxis type="number" tick={{ fontSize: 11 }} allowDecimals={false} />
            <YAxis type="category" dataKey="title" width={140} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey={tracked} fill="#2f7d6d" isAnimationActive={false} />
            <Bar dataKey={estimate} fill="#c9ced6" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        <ul className="plain compact" data-testid="plan-progress">
          {items.map((item) => {
            const outcome = outcomes.get(item.id);
            return (
              <li key={item.id}>
                {item.title} — {i18n.duration((trackedMinutes[item.id] ?? 0) * 60_000)}
                {item.estimateMin > 0 && ` / ${i18n.duration(item.estimateMin * 60_000)}`}
                {outcome && <span className={`tag outcome-${outcome}`}>{i18n.t(`outcome.${outcome}`)}</span>}
              </li>
            );
          })}
        </ul>
      </figcaption>
    </figure>
  );
}
