// Today's worked minutes per hour as small bars: the shape of a day at a glance. SVG attributes
// only (no inline style), so it draws under the hub's CSP.
const HOUR_MS = 3_600_000;

export function Sparkline({ hours, label }: { hours: readonly number[]; label: string }) {
  const w = 3;
  const gap = 1;
  const h = 20;
  return (
    <svg className="sparkline" role="img" aria-label={label} width={hours.length * (w + gap)} height={h} viewBox={`0 0 ${hours.length * (w + gap)} ${h}`}>
      {hours.map((ms, i) => {
        const bar = Math.max(ms > 0 ? 1 : 0, Math.round((Math.min(ms, HOUR_MS) / HOUR_MS) * h));
        return <rect key={i} x={i * (w + gap)} y={h - bar} width={w} height={bar} rx={1} />;
      })}
    </svg>
  );
}
