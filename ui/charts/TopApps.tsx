// The apps the day went to, longest first, coloured by productivity.
import './charts.css';
import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DaySummary } from '../../shared/days.ts';
import { useCommonI18n } from '../i18n/use-i18n.ts';
import { PRODUCTIVITY_COLORS } from './colors.ts';

const TOP = 8;

export function TopApps({ day }: { day: DaySummary }) {
  const i18n = useCommonI18n();
  const top = day.byApp.slice(0, TOP);
  if (top.length === 0) return <p className="muted">{i18n.t('day.noActivity')}</p>;
  // Minutes on the axis; seconds early in the day, when minutes would all round to 0.
  const inSeconds = top[0]!.ms < 2 * 60_000;
  const data = top.map((a) => ({ app: a.app, value: inSeconds ? Math.round(a.ms / 1000) : Math.round(a.ms / 60_000), ms: a.ms, productivity: a.productivity }));
  const tick = (v: number) => (inSeconds ? i18n.t('duration.s', { s: v }) : i18n.t('duration.m', { m: v }));
  return (
    <figure className="chart" aria-labelledby="apps-caption">
      <div aria-hidden="true" style={{ height: 40 + data.length * 30 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24, top: 4, bottom: 4 }}>
            <XAxis type="number" dataKey="value" tick={{ fontSize: 11 }} tickFormatter={tick} allowDecimals={false} />
            <YAxis type="category" dataKey="app" width={110} tick={{ fontSize: 12 }} />
            <Tooltip formatter={(_v, _n, item) => [i18n.duration((item.payload as { ms: number }).ms), i18n.t(`productivity.${(item.payload as { productivity: 'neutral' }).productivity}`)]} />
            <Bar dataKey="value" isAnimationActive={false} radius={[0, 3, 3, 0]}>
              {data.map((d) => (
                <Cell key={d.app} fill={PRODUCTIVITY_COLORS[d.productivity]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption id="apps-caption">
        <ul className="plain compact" data-testid="top-apps">
          {data.map((d) => (
            <li key={d.app}>
              <span className="swatch" style={{ background: PRODUCTIVITY_COLORS[d.productivity] }} aria-hidden="true" />
              {d.app} — {i18n.duration(d.ms)} <span className="muted">({i18n.t(`productivity.${d.productivity}`)})</span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
