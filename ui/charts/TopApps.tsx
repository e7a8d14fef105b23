// The apps the day went to, longest first: each with its time split by category (from its
// spans: one browser can be CRM and entertainment) and, beneath, the domains or window titles
// the time went to. Plain HTML bars, sized by CSS from the first paint.
import './charts.css';
import type { DaySummary } from '../../shared/days.ts';
import { useCommonI18n } from '../i18n/use-i18n.ts';
import { categoryName } from '../../shared/i18n/labels.ts';
import { categorySwatch, swatchStyle } from './palette.ts';

const TOP = 8;

export function TopApps({ day, titlesRecorded = true }: { day: DaySummary; titlesRecorded?: boolean }) {
  const i18n = useCommonI18n();
  const top = day.byApp.slice(0, TOP);
  if (top.length === 0) return <p className="muted">{i18n.t('day.noActivity')}</p>;
  const longest = top[0]!.ms;
  return (
    <ul className="bars" data-testid="top-apps">
      {top.map((app) => (
        <li key={app.app} className="bar-row">
          <div className="bar-head">
            <span className="bar-name">{app.app}</span>
            <span className="bar-value">{i18n.duration(app.ms)}</span>
          </div>
          <div className="bar-track" aria-hidden="true">
            <div className="bar-stack" style={{ width: `${(app.ms / longest) * 100}%` }}>
              {app.categories.map((c) => (
                <span
                  key={`${c.category}-${c.productivity}`}
                  className="bar-part"
                  title={`${categoryName(i18n, c.category)}: ${i18n.duration(c.ms)}`}
                  style={{ flexGrow: c.ms, ...swatchStyle(categorySwatch(c.category, c.productivity)) }}
                />
              ))}
            </div>
          </div>
          <p className="bar-note">
            {app.categories.length === 1
              ? `${categoryName(i18n, app.categories[0]!.category)} · ${i18n.t(`productivity.${app.categories[0]!.productivity}`)}`
              : i18n.t('day.appCategories', { list: app.categories.map((c) => `${categoryName(i18n, c.category)} ${i18n.duration(c.ms)}`).join(', ') })}
          </p>
          {app.top.length > 0 ? (
            <ul className="bar-details">
              {app.top.map((d) => (
                <li key={`${d.kind}:${d.text}`}>
                  <span className="bar-detail-text">{d.text}</span>
                  <span className="bar-detail-value">{i18n.duration(d.ms)}</span>
                </li>
              ))}
            </ul>
          ) : (
            !titlesRecorded && <p className="bar-note">{i18n.t('day.noDetails')}</p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The day's time per category, from the spans. */
export function CategoryTotals({ day }: { day: Pick<DaySummary, 'byCategory'> }) {
  const i18n = useCommonI18n();
  if (day.byCategory.length === 0) return null;
  const longest = day.byCategory[0]!.ms;
  return (
    <ul className="bars compact-bars" data-testid="categories">
      {day.byCategory.map((c) => (
        <li key={`${c.category}-${c.productivity}`} className="bar-row">
          <div className="bar-head">
            <span className="bar-name">
              {categoryName(i18n, c.category)} <span className="muted">· {i18n.t(`productivity.${c.productivity}`)}</span>
            </span>
            <span className="bar-value">{i18n.duration(c.ms)}</span>
          </div>
          <div className="bar-track" aria-hidden="true">
            <div className="bar-stack" style={{ width: `${(c.ms / longest) * 100}%` }}>
              <span className="bar-part" style={{ flexGrow: 1, ...swatchStyle(categorySwatch(c.category, c.productivity)) }} />
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
