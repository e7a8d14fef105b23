// The day as two lanes: the work state (work, break, idle…) and the app in front, coloured by
// category. Plain HTML positioned in percent, so it has its size from the first paint and its
// text is real text (12 px and up); the same entries as a table for keyboard and screen readers.
import type { CSSProperties } from 'react';
import './charts.css';
import type { DaySummary, TimelineEntry } from '../../shared/days.ts';
import type { I18n } from '../../shared/i18n/i18n.ts';
import { categoryName, labelText, type TaskTitle } from '../../shared/i18n/labels.ts';
import { useCommonI18n } from '../i18n/use-i18n.ts';
import { categorySwatch, STATE_SWATCHES, swatchStyle, type StateKind } from './palette.ts';

const STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180];

/** One entry in words: the state (with what the time was, by name), or the app's category. */
export function describeEntry(i18n: I18n, e: TimelineEntry, tasks: readonly TaskTitle[]): string {
  if (e.kind === 'activity') return `${categoryName(i18n, e.category)} (${i18n.t(`productivity.${e.productivity ?? 'neutral'}`)})`;
  const kind = i18n.t(`kind.${e.kind}`);
  return e.label ? `${kind}: ${labelText(i18n, e.label, tasks)}` : kind;
}

export function Timeline({ day, tasks = [] }: { day: Pick<DaySummary, 'timeline' | 'zone'>; tasks?: readonly TaskTitle[] }) {
  const i18n = useCommonI18n();
  const entries = day.timeline;
  if (entries.length === 0) return <p className="muted">{i18n.t('day.noActivity')}</p>;
  const start = Math.min(...entries.map((e) => e.start));
  const end = Math.max(...entries.map((e) => e.end));
  const span = Math.max(end - start, 60_000);
  const pct = (t: number) => ((t - start) / span) * 100;
  const stepMin = STEPS_MIN.find((s) => span / (s * 60_000) <= 8) ?? 240;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / (stepMin * 60_000)) * stepMin * 60_000; t <= end; t += stepMin * 60_000) ticks.push(t);
  // A day only minutes old has no round time in it yet: show where it starts.
  if (ticks.length === 0) ticks.push(start);
  const states = entries.filter((e) => e.kind !== 'activity');
  const apps = entries.filter((e) => e.kind === 'activity');
  const categories = [...new Map(apps.map((e) => [e.category ?? 'other', e])).values()];
  const kinds = [...new Set(states.map((e) => e.kind))] as StateKind[];
  const tip = (e: TimelineEntry) => `${i18n.time(e.start, day.zone)}–${i18n.time(e.end, day.zone)} ${describeEntry(i18n, e, tasks)}`;

  const lane = (list: TimelineEntry[], swatch: (e: TimelineEntry) => CSSProperties) =>
    list.map((e, i) => (
      <span key={i} className="tl-seg" title={tip(e)} style={{ left: `${pct(e.start)}%`, width: `max(2px, ${pct(e.end) - pct(e.start)}%)`, ...swatch(e) }} />
    ));

  return (
    <figure className="timeline">
      <div className="tl-grid" role="img" aria-label={i18n.t('day.timeline')}>
        <span className="tl-lane-name" aria-hidden="true">
          {i18n.t('day.timelineState')}
        </span>
        <div className="tl-lane" aria-hidden="true">
          {lane(states, (e) => swatchStyle(STATE_SWATCHES[e.kind as StateKind]))}
        </div>
        <span className="tl-lane-name" aria-hidden="true">
          {i18n.t('day.timelineApps')}
        </span>
        <div className="tl-lane" aria-hidden="true">
          {lane(apps, (e) => swatchStyle(categorySwatch(e.category, e.productivity)))}
        </div>
        <span />
        <div className="tl-axis" aria-hidden="true">
          {ticks.map((t) => (
            <span key={t} className="tl-tick" style={{ left: `${pct(t)}%` }} data-edge={pct(t) < 4 ? 'start' : pct(t) > 96 ? 'end' : undefined}>
              {i18n.time(t, day.zone)}
            </span>
          ))}
        </div>
      </div>
      <figcaption className="legend">
        <span className="legend-lane">{i18n.t('day.timelineState')}:</span>
        {kinds.map((k) => (
          <span key={k} className="legend-item">
            <span className="swatch" style={swatchStyle(STATE_SWATCHES[k])} aria-hidden="true" />
            {i18n.t(`kind.${k}`)}
          </span>
        ))}
        {categories.length > 0 && <span className="legend-lane">{i18n.t('day.timelineApps')}:</span>}
        {categories.map((e) => (
          <span key={e.category ?? 'other'} className="legend-item">
            <span className="swatch" style={swatchStyle(categorySwatch(e.category, e.productivity))} aria-hidden="true" />
            {categoryName(i18n, e.category)}
          </span>
        ))}
      </figcaption>
      <details className="table-alt">
        <summary>{i18n.t('day.timelineTable')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{i18n.t('day.from')}</th>
              <th scope="col">{i18n.t('day.to')}</th>
              <th scope="col">{i18n.t('day.what')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={i}>
                <td>{i18n.time(e.start, day.zone, true)}</td>
                <td>{i18n.time(e.end, day.zone, true)}</td>
                <td>{describeEntry(i18n, e, tasks)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
