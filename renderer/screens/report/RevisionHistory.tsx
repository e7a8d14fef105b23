// Every submitted revision, newest first, each expandable to what it said.
import type { DayPlan, ReportRevision } from '../../../shared/plan.ts';
import type { KpiDefinition } from '../../../shared/kpi.ts';
import { useI18n } from '../../i18n/use-i18n.ts';

interface Props {
  revisions: ReportRevision[];
  plan: DayPlan | null;
  kpis: KpiDefinition[];
  currency: string;
}

export function RevisionHistory({ revisions, plan, kpis, currency }: Props) {
  const i18n = useI18n();
  if (revisions.length === 0) return null;
  return (
    <section className="section history-section" aria-labelledby="history-heading">
      <h3 id="history-heading">{i18n.t('report.history')}</h3>
      {/* Newest first; each summary carries its own revision number. */}
      <ul className="plain history">
        {[...revisions].reverse().map((r) => (
          <li key={r.id}>
            <details>
              <summary>{i18n.t('report.revision', { n: r.revision, time: i18n.dateTime(r.submittedAt, r.zone) })}</summary>
              <ul className="plain">
                {r.items.map((item) => (
                  <li key={item.itemId}>
                    {plan?.items.find((p) => p.id === item.itemId)?.title ?? i18n.t('label.removedTask')}: {i18n.t(`outcome.${item.outcome}`)}, {i18n.duration(item.minutes * 60_000)}
                    {item.comment && ` — ${item.comment}`}
                  </li>
                ))}
                {r.unplanned.map((u) => (
                  <li key={u.id}>
                    {i18n.t('report.unplanned')}: {u.title}, {i18n.duration(u.minutes * 60_000)}
                  </li>
                ))}
                {r.kpis.map((k) => {
                  const definition = kpis.find((d) => d.key === k.key);
                  const value = (n: number) => i18n.kpi(n, definition?.unit ?? 'count', currency);
                  return (
                  <li key={k.key}>
                    {definition?.names[i18n.locale] ?? k.key}: {value(k.actual)}
                    {k.target !== null && ` / ${value(k.target)}`}
                    {k.reason && ` — ${i18n.t(`reason.${k.reason}`)}${k.reasonText ? `: ${k.reasonText}` : ''}`}
                  </li>
                  );
                })}
                {r.blockers && <li>{i18n.t('report.blockers')}: {r.blockers}</li>}
                {r.note && <li>{i18n.t('report.note')}: {r.note}</li>}
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
