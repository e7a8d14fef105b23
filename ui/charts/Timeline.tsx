// The day as two lanes: the work state (work, break, idle…) and the app in front, coloured by
// category. SVG for the picture; the same entries as a table for keyboard and screen readers.
import './charts.css';
import type { DaySummary, TimelineEntry } from '../../shared/days.ts';
import type { I18n } from '../../shared/i18n/i18n.ts';
import { useCommonI18n } from '../i18n/use-i18n.ts';
import type { CommonTextKey } from '../../shared/i18n/common/index.ts';
import { categoryColor, STATE_COLORS } from './colors.ts';

const WIDTH = 1000;
const LANE = 26;
const AXIS = 18;
const STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180];

const BUILT_IN_CATEGORIES = new Set(['crm', 'telephony', 'mail', 'messengers', 'documents', 'entertainment', 'other']);

/** Built-in categories in the UI language; a team's own category as the team named it. */
export function categoryName(i18n: I18n, category = 'other'): string {
  return BUILT_IN_CATEGORIES.has(category) ? i18n.t(`category.${category}` as CommonTextKey) : category;
}

function describe(i18n: I18n, e: TimelineEntry): string {
  if (e.kind === 'activity') return `${categoryName(i18n, e.category)} (${i18n.t(`productivity.${e.productivity ?? 'neutral'}`)})`;
  const kind = i18n.t(`kind.${e.kind}`);
  return e.label ? `${kind}: ${e.label}` : kind;
}

export function Timeline({ day }: { day: DaySummary }) {
  const i18n = useCommonI18n();
  const entries = day.timeline;
  if (entries.length === 0) return <p className="muted">{i18n.t('day.noActivity')}</p>;
  const start = Math.min(...entries.map((e) => e.start));
  const end = Math.max(...entries.map((e) => e.end));
  const span = Math.max(end - start, 60_000);
  const x = (t: number) => ((t - start) / span) * WIDTH;
  const stepMin = STEPS_MIN.find((s) => span / (s * 60_000) <= 8) ?? 240;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / (stepMin * 60_000)) * stepMin * 60_000; t <= end; t += stepMin * 60_000) ticks.push(t);
  const states = entries.filter((e) => e.kind !== 'activity');
  const apps = entries.filter((e) => e.kind === 'activity');
  const categories = [...new Set(apps.map((e) => e.category ?? 'other'))];
  const kinds = [...new Set(states.map((e) => e.kind))] as Exclude<TimelineEntry['kind'], 'activity'>[];

  const lane = (list: TimelineEntry[], y: number, color: (e: TimelineEntry) => string) =>
    list.map((e, i) => (
      <rect key={i} x={x(e.start)} y={y} width={Math.max(1, x(e.end) - x(e.start))} height={LANE} fill={color(e)} rx={2}>
        <title>{`${i18n.time(e.start, day.zone)}–${i18n.time(e.end, day.zone)} ${describe(i18n, e)}`}</title>
      </rect>
    ));

  return (
    <figure className="timeline">
      <svg viewBox={`0 0 ${WIDTH} ${LANE * 2 + 8 + AXIS}`} role="img" aria-label={i18n.t('day.timeline')} preserveAspectRatio="none" className="timeline-svg">
        {lane(states, 0, (e) => STATE_COLORS[e.kind as keyof typeof STATE_COLORS])}
        {lane(apps, LANE + 6, (e) => categoryColor(e.category, e.productivity))}
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={0} y2={LANE * 2 + 8} stroke="#00000018" />
            {/* Labels at the edges are anchored inward, so they are not cut off. */}
            <text x={x(t)} y={LANE * 2 + 8 + AXIS - 4} fontSize={11} textAnchor={x(t) < 40 ? 'start' : x(t) > WIDTH - 40 ? 'end' : 'middle'} fill="#5b6472">
              {i18n.time(t, day.zone)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="legend">
        <span className="legend-lane">{i18n.t('day.timelineState')}:</span>
        {kinds.map((k) => (
          <span key={k} className="legend-item">
            <span className="swatch" style={{ background: STATE_COLORS[k] }} aria-hidden="true" />
            {i18n.t(`kind.${k}`)}
          </span>
        ))}
        {categories.length > 0 && <span className="legend-lane">{i18n.t('day.timelineApps')}:</span>}
        {categories.map((c) => (
          <span key={c} className="legend-item">
            <span className="swatch" style={{ background: categoryColor(c, apps.find((a) => a.category === c)?.productivity) }} aria-hidden="true" />
            {categoryName(i18n, c)}
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
                <td>{describe(i18n, e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
